// The signed-in frame: a skip link, the navigation, sign-out, and the page. Signed out, it sends the
// user to sign in and back here afterwards.
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';

import { ErrorState, Loading } from '../components/ui/states';
import { useSession, useSignOut } from '../features/auth/api/session';

const LINKS = [
  ['/studies', 'Studies'],
  ['/products', 'Products'],
  ['/personas', 'Personas'],
] as const;

export function Layout() {
  const session = useSession();
  const signOut = useSignOut();
  const location = useLocation();
  const navigate = useNavigate();

  if (session.isPending) return <Loading label="Opening Persona Lab…" />;
  if (session.isError)
    return <ErrorState error={session.error} title="Persona Lab is not reachable" retry={() => void session.refetch()} />;
  if (!session.data.user) {
    return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/studies" className="brand">
          Persona Lab
        </NavLink>
        <nav aria-label="Main">
          <ul>
            {LINKS.map(([to, label]) => (
              <li key={to}>
                <NavLink to={to}>{label}</NavLink>
              </li>
            ))}
            <li>
              <a href="/api/docs/">API</a>
            </li>
          </ul>
        </nav>
        <div className="account">
          <span className="account-email">{session.data.user.email}</span>
          <button
            type="button"
            className="button button-small"
            onClick={() => signOut.mutate(undefined, { onSettled: () => void navigate('/sign-in', { replace: true }) })}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
