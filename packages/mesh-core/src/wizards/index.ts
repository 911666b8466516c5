/**
 * The service traffic wizards (Kiali's IstioWizards): form models, the builders of their
 * VirtualService and DestinationRule, the readers that turn those back into forms, the form
 * checks, and the config API writes that apply them. Pure: the console runs it in the browser.
 */
export * from './model.ts';
export * from './build.ts';
export * from './read.ts';
export * from './validate.ts';
export * from './writes.ts';
