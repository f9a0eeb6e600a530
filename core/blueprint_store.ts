import { deprecated } from "./_deprecation.ts";
import { OldStore } from "./old_store.ts";
import { sharedStoreClient } from "./_shared_store_client.ts";

/**
 * A blueprint in the old store.
 *
 * @deprecated Use `Blueprint` from `@atomiton/store`.
 *
 * @example
 * ```ts
 * import type { Blueprint } from "@atomiton/core";
 *
 * const blueprint: Blueprint = {
 *   id: "bp-1", name: "Report", description: "", version: "1.0.0", author: "me",
 *   created: new Date(), modified: new Date(), tags: [], nodes: [], connections: [], metadata: {},
 * };
 * console.log(blueprint.name);
 * ```
 */
export interface Blueprint {
  /** Its id. */
  id: string;
  /** Its name. */
  name: string;
  /** What it does. */
  description: string;
  /** Its version. */
  version: string;
  /** Who wrote it. */
  author: string;
  /** When it was created. */
  created: Date;
  /** When it last changed. */
  modified: Date;
  /** Its tags. */
  tags: string[];
  /** Its nodes. */
  nodes: unknown[];
  /** The connections between them. */
  connections: unknown[];
  /** Anything else. */
  metadata: Record<string, unknown>;
}

/**
 * The old blueprint store's state.
 *
 * @deprecated Use `BlueprintState` from `@atomiton/store`: actions are part of the state.
 *
 * @example
 * ```ts
 * import { type BlueprintState, createBlueprintStore } from "@atomiton/core";
 *
 * const state: BlueprintState = createBlueprintStore().getState();
 * console.log(state.blueprints.size);
 * ```
 */
export interface BlueprintState {
  /** The blueprints by id. */
  blueprints: Map<string, Blueprint>;
  /** The selected one. */
  selectedBlueprintId: string | null;
  /** The list's search text. */
  searchQuery: string;
  /** The tags every listed blueprint has. */
  filterTags: string[];
  /** The list's order. */
  sortBy: "name" | "created" | "modified" | "author";
  /** Its direction. */
  sortDirection: "asc" | "desc";
  /** Whether blueprints are loading. */
  isLoading: boolean;
  /** The last loading error. */
  error: string | null;
}

const INITIAL: BlueprintState = {
  blueprints: new Map(),
  selectedBlueprintId: null,
  searchQuery: "",
  filterTags: [],
  sortBy: "modified",
  sortDirection: "desc",
  isLoading: false,
  error: null,
};
const INSTEAD = "createBlueprintStore from @atomiton/store: `blueprints.getState().action(...)`";

/**
 * The old blueprint store.
 *
 * @deprecated Use `BlueprintStore` from `@atomiton/store`.
 *
 * @example
 * ```ts
 * import { createBlueprintStore } from "@atomiton/core";
 *
 * console.log(createBlueprintStore().getState().blueprints.size);
 * ```
 */
export class BlueprintStore extends OldStore<BlueprintState> {
  /** The store's actions. */
  readonly actions: BlueprintActions = new BlueprintActions(this);
}

/**
 * Makes the old blueprint store; after `storeClient.initialize()`, blueprints,
 * selection and sorting persist as `store:blueprints` (the Map and Dates kept).
 *
 * @deprecated Use `createBlueprintStore()` from `@atomiton/store`.
 * @returns The store, with `actions`.
 *
 * @example
 * ```ts
 * import { createBlueprintStore } from "@atomiton/core";
 *
 * const store = createBlueprintStore();
 * store.actions.setSearchQuery("report");
 * ```
 */
export function createBlueprintStore(): BlueprintStore {
  deprecated("createBlueprintStore", INSTEAD);
  return new BlueprintStore(
    sharedStoreClient().createZustandStore<BlueprintState>({
      initialState: INITIAL,
      persist: true,
      persistKey: "blueprints",
      persistDebounce: 2000,
      persistFilter: (s) => ({
        blueprints: s.blueprints,
        selectedBlueprintId: s.selectedBlueprintId,
        sortBy: s.sortBy,
        sortDirection: s.sortDirection,
      }),
    }),
  );
}

/**
 * The old blueprint store's actions.
 *
 * @deprecated Actions live in the state of `@atomiton/store`'s blueprint store.
 *
 * @example
 * ```ts
 * import { createBlueprintStore } from "@atomiton/core";
 *
 * createBlueprintStore().actions.selectBlueprint(null);
 * ```
 */
export class BlueprintActions {
  readonly #store: BlueprintStore;

  /**
   * Acts on `store` (made by `createBlueprintStore`).
   *
   * @param store The store acted on.
   */
  constructor(store: BlueprintStore) {
    this.#store = store;
  }

  #set(change: (state: BlueprintState) => Partial<BlueprintState>): void {
    this.#store.setState((state) => ({ ...state, ...change(state) }));
  }

  #edit(edit: (blueprints: Map<string, Blueprint>) => void): Partial<BlueprintState> {
    const blueprints = new Map(this.#store.getState().blueprints);
    edit(blueprints);
    return { blueprints };
  }

  /**
   * Adds a blueprint (or replaces the one with its id).
   *
   * @param blueprint The blueprint, added or replaced by id.
   */
  addBlueprint(blueprint: Blueprint): void {
    this.#set(() => this.#edit((all) => all.set(blueprint.id, blueprint)));
  }

  /**
   * Changes a blueprint and stamps `modified`.
   *
   * @param id The blueprint.
   * @param updates What to change; `modified` becomes now. A missing id changes nothing. /
   */
  updateBlueprint(id: string, updates: Partial<Blueprint>): void {
    const blueprint = this.#store.getState().blueprints.get(id);
    if (!blueprint) return;
    this.#set(() =>
      this.#edit((all) => all.set(id, { ...blueprint, ...updates, modified: new Date() }))
    );
  }

  /**
   * Deletes a blueprint.
   *
   * @param id The blueprint to delete (unselected if selected).
   */
  deleteBlueprint(id: string): void {
    this.#set((s) => ({
      ...this.#edit((all) => all.delete(id)),
      selectedBlueprintId: s.selectedBlueprintId === id ? null : s.selectedBlueprintId,
    }));
  }

  /**
   * Selects a blueprint.
   *
   * @param id The blueprint to select, or `null`.
   */
  selectBlueprint(id: string | null): void {
    this.#set(() => ({ selectedBlueprintId: id }));
  }

  /**
   * Sets the search text of the blueprint list.
   *
   * @param query The search text.
   */
  setSearchQuery(query: string): void {
    this.#set(() => ({ searchQuery: query }));
  }

  /**
   * Filters the blueprint list by tags.
   *
   * @param tags The tags every shown blueprint has.
   */
  setFilterTags(tags: string[]): void {
    this.#set(() => ({ filterTags: tags }));
  }

  /**
   * Sorts the blueprint list.
   *
   * @param sortBy The field.
   * @param sortDirection The direction. /
   */
  setSortSettings(
    sortBy: BlueprintState["sortBy"],
    sortDirection: BlueprintState["sortDirection"],
  ): void {
    this.#set(() => ({ sortBy, sortDirection }));
  }

  /**
   * Marks the blueprints as loading or loaded.
   *
   * @param isLoading Whether blueprints load.
   */
  setLoading(isLoading: boolean): void {
    this.#set(() => ({ isLoading }));
  }

  /**
   * Records a loading error, or clears it.
   *
   * @param error The error, or `null`.
   */
  setError(error: string | null): void {
    this.#set(() => ({ error }));
  }

  /** Back to the initial state. */
  clearAll(): void {
    this.#set(() => ({ ...INITIAL, blueprints: new Map() }));
  }
}

/**
 * The old blueprint store's selectors.
 *
 * @deprecated Use `selectFilteredBlueprints(state)` and `selectAllTags(state)` from `@atomiton/store`.
 *
 * @example
 * ```ts
 * import { BlueprintSelectors, createBlueprintStore } from "@atomiton/core";
 *
 * console.log(BlueprintSelectors.getAllTags(createBlueprintStore().getState()));
 * ```
 */
export class BlueprintSelectors {
  /**
   * Every blueprint.
   *
   * @param state The state.
   * @returns Every blueprint. /
   */
  static getAllBlueprints(state: BlueprintState): Blueprint[] {
    deprecated("BlueprintSelectors", INSTEAD);
    return [...state.blueprints.values()];
  }

  /**
   * The selected blueprint.
   *
   * @param state The state.
   * @returns The selected blueprint, or `null`. /
   */
  static getSelectedBlueprint(state: BlueprintState): Blueprint | null {
    deprecated("BlueprintSelectors", INSTEAD);
    return state.selectedBlueprintId
      ? state.blueprints.get(state.selectedBlueprintId) ?? null
      : null;
  }

  /**
   * The blueprints the search and tags let through, sorted.
   *
   * @param state The state.
   * @returns The blueprints the search and tags match, sorted. /
   */
  static getFilteredBlueprints(state: BlueprintState): Blueprint[] {
    deprecated("BlueprintSelectors", INSTEAD);
    const query = state.searchQuery.toLowerCase();
    const found = [...state.blueprints.values()].filter((bp) =>
      (!query ||
        [bp.name, bp.description, bp.author, ...bp.tags].some((text) =>
          text.toLowerCase().includes(query)
        )) &&
      state.filterTags.every((tag) => bp.tags.includes(tag))
    );
    const compare = (a: Blueprint, b: Blueprint): number => {
      const key = state.sortBy;
      return key === "name" || key === "author"
        ? a[key].localeCompare(b[key])
        : new Date(a[key]).getTime() - new Date(b[key]).getTime();
    };
    return found.sort((a, b) => state.sortDirection === "asc" ? compare(a, b) : -compare(a, b));
  }

  /**
   * Every tag in use.
   *
   * @param state The state.
   * @returns Every tag, sorted, once. /
   */
  static getAllTags(state: BlueprintState): string[] {
    deprecated("BlueprintSelectors", INSTEAD);
    return [...new Set([...state.blueprints.values()].flatMap((bp) => bp.tags))].sort();
  }
}
