/** The console API's one error class and body live in mesh-core (`@meshlens/mesh-core/api/errors`). */
export {
  ConsoleError,
  consoleErrorReasons,
  errorBodySchema,
  reasonOfStatus,
  statusOfReason,
  unknownNamespace,
} from '@meshlens/mesh-core/api/errors';
export type { ConsoleErrorReason, ErrorBody } from '@meshlens/mesh-core/api/errors';
