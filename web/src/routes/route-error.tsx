// What a page shows when it throws while rendering: the message and a way back.
import { Link, useRouteError } from 'react-router';

export function RouteError() {
  const error = useRouteError();
  return (
    <div className="state state-error" role="alert">
      <h1>Something went wrong on this page</h1>
      <p>{error instanceof Error ? error.message : String(error)}</p>
      <p>
        <Link to="/">Back to the dashboard</Link> or reload the page.
      </p>
    </div>
  );
}
