/** The Applications list (`/applications`). */
import type { RouteObject } from 'react-router';
import { ApplicationsListPage } from './ApplicationsListPage.tsx';

export const routes: RouteObject[] = [{ path: '/applications', Component: ApplicationsListPage }];
