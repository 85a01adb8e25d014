// A link from a list to a detail page that remembers the list's URL (filters, sort,
// page), so the detail page's back link returns to the same view.
import { Link, type LinkProps, useLocation } from 'react-router';

export interface BackState {
  back?: string;
}

export function ListLink(props: LinkProps) {
  const location = useLocation();
  const state: BackState = { back: location.pathname + location.search };
  return <Link {...props} state={state} />;
}
