// The same tiny task as a workerpool worker script (workerpool registers functions by name).
import workerpool from "workerpool";

workerpool.worker({ echo: (input) => input });
