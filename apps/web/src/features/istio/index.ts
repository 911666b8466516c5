/** The Istio Config list (`/istio`), and its queries for the pages that show linked config. */
import type { RouteObject } from 'react-router';
import { IstioConfigListPage } from './IstioConfigListPage.tsx';

export { istioConfigQuery, validationSummaryQuery } from './queries.ts';

export const routes: RouteObject[] = [{ path: '/istio', Component: IstioConfigListPage }];
