import { deprecated } from "./_deprecation.ts";

/**
 * An old module-level instance, made on first use: importing the facade creates
 * nothing and prints nothing. Methods are bound to the instance (private fields).
 */
export function lazyInstance<T extends object>(
  name: string,
  replacement: string,
  create: () => T,
): T {
  let instance: T | undefined;
  const target = (): T => {
    if (instance === undefined) {
      deprecated(name, replacement);
      instance = create();
    }
    return instance;
  };
  return new Proxy({} as T, {
    get(_, key): unknown {
      const value = Reflect.get(target(), key);
      return typeof value === "function" ? value.bind(target()) : value;
    },
    set: (_, key, value) => Reflect.set(target(), key, value),
    has: (_, key) => Reflect.has(target(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(target()),
  });
}
