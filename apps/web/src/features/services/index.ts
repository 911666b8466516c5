/** The Services list (`/services`). */
import type { RouteObject } from 'react-router';
import { ServicesListPage } from './ServicesListPage.tsx';

export const routes: RouteObject[] = [{ path: '/services', Component: ServicesListPage }];
