// deno-lint-ignore-file explicit-function-return-type explicit-module-boundary-types -- plain JS task module
// Task module whose exports are named like Object.prototype's members.
const named = (name) => (input) => `${name}:${input}`;

const constructorTask = named("constructor");
const toStringTask = named("toString");
export { constructorTask as constructor, toStringTask as toString };

/** Throws an error whose name is `name`, as a hostile task could. */
export function throwNamed(name) {
  const error = new Error(`named ${name}`);
  Object.defineProperty(error, "name", { value: name });
  throw error;
}
