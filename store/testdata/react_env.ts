// React's npm build picks its development or production code from process.env.NODE_ENV, which a
// browser does not have; this module is imported before React so that the bundle can start.
const scope = globalThis as { process?: unknown; IS_REACT_ACT_ENVIRONMENT?: boolean };
scope.process ??= { env: { NODE_ENV: "development" } };
scope.IS_REACT_ACT_ENVIRONMENT = true;
