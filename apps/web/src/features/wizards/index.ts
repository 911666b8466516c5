/** The service traffic wizards: the "Actions" menu and dialogs the service page shows. */
export { ServiceWizards } from './ServiceWizards.tsx';
