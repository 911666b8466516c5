/** The Overview page (`/overview`): a card per namespace. */
import type { RouteObject } from 'react-router';
import { OverviewPage } from './OverviewPage.tsx';

export const routes: RouteObject[] = [{ path: '/overview', Component: OverviewPage }];
