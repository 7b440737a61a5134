// Sign in and create an account: POST /api/auth/login and POST /api/auth/register, then back to where the customer was.
import type { LoginResult } from '../../../contracts/users';
import { ApiError, call, problem } from '../api';
import { h } from '../dom';
import { field, formMessage, valueOf, whileBusy } from '../form';
import { href, navigate, type Page, type PageContext } from '../router';
import { signedIn } from '../session';

/** Where to go once signed in: the `next` of the query when it is a shop path, else the shop. */
const nextOf = (ctx: PageContext) => {
  const next = ctx.query.get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
};
const withNext = (path: string, ctx: PageContext) =>
  ctx.query.get('next') ? `${path}?next=${encodeURIComponent(nextOf(ctx))}` : path;

async function logIn(email: string, password: string): Promise<void> {
  const { body } = await call<LoginResult>('/api/auth/login', { method: 'POST', body: { email, password } });
  signedIn(email, body.token, body.expiresIn);
}

function accountCard(title: string, intro: string, form: HTMLFormElement, footer: HTMLElement): HTMLElement {
  return h(
    'section',
    { class: 'account-page', 'aria-labelledby': 'account-title' },
    h(
      'div',
      { class: 'card narrow' },
      h('h1', { id: 'account-title' }, title),
      h('p', { class: 'muted' }, intro),
      form,
      footer,
    ),
  );
}

const signInPage: Page = {
  title: 'Sign in',
  render(ctx) {
    const message = formMessage();
    const submit = h('button', { type: 'submit', class: 'button primary wide' }, 'Sign in');
    const form = h(
      'form',
      { class: 'stack', novalidate: true },
      field('email', 'Email', { type: 'email', autocomplete: 'email', required: true }),
      field('password', 'Password', { type: 'password', autocomplete: 'current-password', required: true }),
      message.element,
      submit,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      message.clear();
      const email = valueOf(form, 'email');
      const password = (form.elements.namedItem('password') as HTMLInputElement).value;
      if (!email || !password) return message.show('Enter your email and password.');
      whileBusy(submit, 'Signing in…', () => logIn(email, password))
        .then(() => navigate(nextOf(ctx)))
        .catch((err: unknown) => message.show(problem(err)));
    });
    return accountCard(
      'Sign in',
      'Welcome back. Sign in to check out and follow your orders.',
      form,
      h(
        'p',
        { class: 'form-footer' },
        'New here? ',
        h('a', { href: href(withNext('/sign-up', ctx)) }, 'Create an account'),
      ),
    );
  },
};

const signUpPage: Page = {
  title: 'Create an account',
  render(ctx) {
    const message = formMessage();
    const submit = h('button', { type: 'submit', class: 'button primary wide' }, 'Create account');
    const form = h(
      'form',
      { class: 'stack', novalidate: true },
      field('name', 'Full name', { type: 'text', autocomplete: 'name', required: true, maxlength: 200 }),
      field('email', 'Email', { type: 'email', autocomplete: 'email', required: true }),
      field(
        'password',
        'Password',
        { type: 'password', autocomplete: 'new-password', required: true, minlength: 8, maxlength: 256 },
        'At least 8 characters.',
      ),
      message.element,
      submit,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      message.clear();
      const name = valueOf(form, 'name');
      const email = valueOf(form, 'email');
      const password = (form.elements.namedItem('password') as HTMLInputElement).value;
      if (!name || !email) return message.show('Enter your name and email.');
      if (password.length < 8) return message.show('Choose a password of at least 8 characters.');
      whileBusy(submit, 'Creating your account…', async () => {
        const registered = await call('/api/auth/register', { method: 'POST', body: { name, email, password } });
        if (registered.status === 202)
          throw new ApiError(202, 'REGISTRATION_PENDING', 'Your account is still being created. Sign in in a minute.');
        await logIn(email, password);
      })
        .then(() => navigate(nextOf(ctx)))
        .catch((err: unknown) =>
          message.show(
            err instanceof ApiError && err.code === 'EMAIL_TAKEN'
              ? 'This email already has an account. Sign in instead.'
              : problem(err),
          ),
        );
    });
    return accountCard(
      'Create an account',
      'One account for checkout and order tracking.',
      form,
      h(
        'p',
        { class: 'form-footer' },
        'Already have an account? ',
        h('a', { href: href(withNext('/sign-in', ctx)) }, 'Sign in'),
      ),
    );
  },
};

/** Sign in and create an account. */
export const accountPages = { signIn: signInPage, signUp: signUpPage };
