import { Container, token } from "../di/mod.ts";
import { createInjector, Scope } from "typed-inject";
class Config {}
class Logger {}
class Metrics {}
class Service {
  static inject = ["config", "logger", "metrics"] as const;
  constructor(readonly config: Config, readonly logger: Logger, readonly metrics: Metrics) {}
}
const config = token<Config>("config"),
  logger = token<Logger>("logger"),
  metrics = token<Metrics>("metrics"),
  service = token<Service>("service");
const ours = new Container().registerValue(config, new Config()).registerClass(logger, Logger)
  .registerClass(metrics, Metrics)
  .registerClass(service, Service, [config, logger, metrics], { lifetime: "transient" });
const ti = createInjector().provideValue("config", new Config()).provideClass(
  "logger",
  Logger,
  Scope.Singleton,
)
  .provideClass("metrics", Metrics, Scope.Singleton).provideClass(
    "service",
    Service,
    Scope.Transient,
  );
let sink: unknown;
const N = 2_000_000;
const cases: Record<string, () => void> = {
  oursS: () => {
    for (let i = 0; i < N; i++) sink = ours.resolve(logger);
  },
  tiS: () => {
    for (let i = 0; i < N; i++) sink = ti.resolve("logger");
  },
  oursT: () => {
    for (let i = 0; i < N; i++) sink = ours.resolve(service);
  },
  tiT: () => {
    for (let i = 0; i < N; i++) sink = ti.resolve("service");
  },
};
const best: Record<string, number> = {};
for (let r = 0; r < 15; r++) {
  for (const [k, f] of Object.entries(cases)) {
    const t0 = performance.now();
    f();
    const dt = (performance.now() - t0) / N * 1e6;
    best[k] = Math.min(best[k] ?? Infinity, dt);
  }
}
console.log(
  Object.entries(best).map(([k, v]) => `${k}=${v.toFixed(1)}ns`).join(" "),
  "S ratio ti/ours",
  (best.tiS! / best.oursS!).toFixed(2),
  "T ratio",
  (best.tiT! / best.oursT!).toFixed(2),
  sink ? "" : "!",
);
