import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/config';

/** Folder of the recorded workflow histories replayed by test/unit/replay.test.ts. */
export const HISTORIES_DIR = path.join(PROJECT_ROOT, 'test', 'histories');
