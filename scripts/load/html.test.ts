import { reportHtml } from './html';
import { buildReport } from './report';

describe('load report page', () => {
  it('embeds the charts, tabulates the figures, links the JSON and escapes what it prints', () => {
    const report = buildReport(
      {
        startedAt: '2026-12-02T10:00:00.000Z',
        orders: 1,
        concurrency: 1,
        gateway: 'http://127.0.0.1:5000/?a=<b>',
        ordersService: 'http://127.0.0.1:5001',
        productId: 'sku-test',
        durationS: 1,
        polling: 'reads 200 ms growing to 1 s',
      },
      [{ startMs: 0, placeStatus: 201, placeMs: 100, outcome: 'CONFIRMED', settleMs: 900, settleLowerMs: 500 }],
    );
    const html = reportHtml(
      report,
      [
        { title: 'A', svg: '<svg id="a"></svg>' },
        { title: 'B', svg: '<svg id="b"></svg>' },
      ],
      'load-report-x.json',
    );
    expect(html.match(/<svg/g)).toHaveLength(2);
    expect(html).toContain('http://127.0.0.1:5000/?a=&lt;b&gt;');
    expect(html).toContain(
      '<tr><th>time to CONFIRMED</th><td>1</td><td>900</td><td>900</td><td>900</td><td>900</td></tr>',
    );
    expect(html).toContain('<tr><th>time to CONFIRMED: resolution</th><td>1</td><td>400</td>');
    expect(html).toContain('<a href="load-report-x.json">');
    expect(html).toContain('Outcomes: CONFIRMED: 1.');
  });
});
