// The storage of a run given none, loaded only then: an import of the package needs no storage.
export { MemoryClient } from "@atomiton/storage";
