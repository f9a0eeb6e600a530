// Resolve cost of @atomiton/di against typed-inject and awilix, in one process.
// Run: deno bench -A bench/di_bench.ts
import { Container, token } from "../di/mod.ts";
import { createInjector, Scope } from "typed-inject";
import { asClass, asValue, createContainer, InjectionMode, Lifetime } from "awilix";

class Config {
  readonly url = "postgres://localhost/app";
}
class Logger {
  readonly level = "info";
}
class Metrics {
  readonly prefix = "app";
}
class Service {
  static inject = ["config", "logger", "metrics"] as const;
  constructor(readonly config: Config, readonly logger: Logger, readonly metrics: Metrics) {}
}

const config = token<Config>("config");
const logger = token<Logger>("logger");
const metrics = token<Metrics>("metrics");
const service = token<Service>("service");

const ours = new Container()
  .registerValue(config, new Config())
  .registerClass(logger, Logger)
  .registerClass(metrics, Metrics)
  .registerClass(service, Service, [config, logger, metrics], { lifetime: "transient" });
ours.resolve(logger);
ours.resolve(metrics);

const typedInject = createInjector()
  .provideValue("config", new Config())
  .provideClass("logger", Logger, Scope.Singleton)
  .provideClass("metrics", Metrics, Scope.Singleton)
  .provideClass("service", Service, Scope.Transient);
typedInject.resolve("logger");
typedInject.resolve("metrics");

const awilix = createContainer({ injectionMode: InjectionMode.CLASSIC, strict: true });
awilix.register({
  config: asValue(new Config()),
  logger: asClass(Logger, { lifetime: Lifetime.SINGLETON }),
  metrics: asClass(Metrics, { lifetime: Lifetime.SINGLETON }),
  service: asClass(Service, { lifetime: Lifetime.TRANSIENT }),
});
awilix.resolve("logger");
awilix.resolve("metrics");

// Keep results alive so the work is not optimised away.
let sink: unknown;

Deno.bench("@atomiton/di", { group: "resolve-singleton", baseline: true }, () => {
  sink = ours.resolve(logger);
});
Deno.bench("typed-inject", { group: "resolve-singleton" }, () => {
  sink = typedInject.resolve("logger");
});
Deno.bench("awilix", { group: "resolve-singleton" }, () => {
  sink = awilix.resolve("logger");
});

Deno.bench("@atomiton/di", { group: "resolve-transient-3-deps", baseline: true }, () => {
  sink = ours.resolve(service);
});
Deno.bench("typed-inject", { group: "resolve-transient-3-deps" }, () => {
  sink = typedInject.resolve("service");
});
Deno.bench("awilix", { group: "resolve-transient-3-deps" }, () => {
  sink = awilix.resolve("service");
});

globalThis.addEventListener("unload", () => {
  if (sink === undefined) throw new Error("the benchmarks resolved nothing");
});
