import type { StoreApi } from "./store_api.ts";
import { createStore, fail, memo, missing, newId, oneOf, put, show, str } from "./_common.ts";

/** A node of a blueprint graph. */
export interface BlueprintNode {
  /** Unique within its blueprint. */
  readonly id: string;
  /** What the node does, such as `"http-request"`. */
  readonly type: string;
  /** Where it sits on the canvas. */
  readonly position: { readonly x: number; readonly y: number };
  /** The node's settings. */
  readonly data?: Readonly<Record<string, unknown>>;
  /** A label shown instead of the type. */
  readonly label?: string;
}

/** An edge from one node's output to another node's input. */
export interface BlueprintEdge {
  /** Unique within its blueprint. */
  readonly id: string;
  /** The id of the node the edge leaves. */
  readonly source: string;
  /** The id of the node the edge enters. */
  readonly target: string;
  /** The source node's output, when it has several. */
  readonly sourceHandle?: string;
  /** The target node's input, when it has several. */
  readonly targetHandle?: string;
}

/** A blueprint: a workflow graph with its description. */
export interface Blueprint {
  /** Unique in its store. */
  readonly id: string;
  /** A name for people; not empty. */
  readonly name: string;
  /** What it does, in a sentence or two. */
  readonly description: string;
  /** The blueprint's own version, such as `"1.0.0"`. */
  readonly version: string;
  /** Who made it. */
  readonly author: string;
  /** When it was added. */
  readonly created: Date;
  /** When it last changed. */
  readonly modified: Date;
  /** Labels to find it by. */
  readonly tags: readonly string[];
  /** The graph's nodes; ids are unique. */
  readonly nodes: readonly BlueprintNode[];
  /** Every edge joins two of `nodes`. */
  readonly edges: readonly BlueprintEdge[];
  /** Anything else an app keeps with it. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** What `add` takes: a name, and any other field but the dates (an id is made when absent). */
export type BlueprintInput =
  & Pick<Blueprint, "name">
  & Partial<Omit<Blueprint, "name" | "created" | "modified">>;

/** What `update` takes: any field but the id and the dates. */
export type BlueprintPatch = Partial<Omit<Blueprint, "id" | "created" | "modified">>;

/** The order of the filtered list. */
export interface BlueprintSort {
  /** The field to sort by. */
  readonly by: "name" | "created" | "modified";
  /** Ascending or descending. */
  readonly order: "asc" | "desc";
}

/** The blueprint store's state and actions. */
export interface BlueprintState {
  /** Every blueprint by id. */
  readonly blueprints: ReadonlyMap<string, Blueprint>;
  /** The selected blueprint's id. */
  readonly selectedId: string | undefined;
  /** Text the filtered list matches in names, descriptions and tags, ignoring case. */
  readonly search: string;
  /** Tags a blueprint must all have to be in the filtered list. */
  readonly tagFilter: readonly string[];
  /** The order of the filtered list (default: by name, ascending). */
  readonly sort: BlueprintSort;
  /**
   * Adds a blueprint.
   * @throws {StoreError} `DUPLICATE` for a taken id, `INVALID_OPTION` for a bad field or graph.
   */
  add(input: BlueprintInput): Blueprint;
  /**
   * Changes fields of a blueprint and sets `modified`.
   * @throws {StoreError} `NOT_FOUND`, or `INVALID_OPTION` for a bad field or graph.
   */
  update(id: string, patch: BlueprintPatch): Blueprint;
  /** Removes a blueprint (and the selection, if it was selected); returns whether it existed. */
  remove(id: string): boolean;
  /**
   * Selects a blueprint, or nothing with `undefined`.
   * @throws {StoreError} `NOT_FOUND` for an unknown id.
   */
  select(id: string | undefined): void;
  /** Sets the text the filtered list matches. */
  setSearch(search: string): void;
  /** Sets the tags a blueprint must all have to be in the filtered list. */
  setTagFilter(tags: readonly string[]): void;
  /**
   * Sets the order of the filtered list.
   * @throws {StoreError} `INVALID_OPTION` for an unknown key or order.
   */
  setSort(sort: BlueprintSort): void;
}

/** A zustand store of blueprints, as {@linkcode createBlueprintStore} makes it. */
export type BlueprintStore = StoreApi<BlueprintState>;

/** Options for {@linkcode createBlueprintStore}. */
export interface BlueprintStoreOptions {
  /** Blueprints to start with. */
  readonly blueprints?: Iterable<Blueprint>;
  /** The clock for `created` and `modified`, in ms since the epoch; default `Date.now`. */
  readonly now?: () => number;
}

// Refuses a graph whose node ids repeat or whose edges join nodes it does not have.
const checkGraph = (bp: Blueprint): Blueprint => {
  const ids = new Set<string>();
  for (const node of bp.nodes) {
    if (ids.has(str("node id", node.id))) {
      fail("INVALID_OPTION", `node id ${show(node.id)} repeats`);
    }
    ids.add(node.id);
  }
  for (const edge of bp.edges) {
    for (const end of [edge.source, edge.target]) {
      if (!ids.has(end)) {
        fail("INVALID_OPTION", `edge ${show(edge.id)} joins ${show(end)}, which is not a node`);
      }
    }
  }
  str("name", bp.name);
  return bp;
};

/**
 * Creates a store of blueprints keyed by id, with a selection, a search, a tag
 * filter and a sort order. Read the list they give with
 * {@linkcode selectFilteredBlueprints} and every tag with {@linkcode selectAllTags}.
 *
 * Blueprints are immutable: each change makes a new blueprint and a new map, so
 * subscribers and selectors can compare by identity.
 *
 * @param options Blueprints to start with, and a clock.
 * @returns A zustand vanilla store.
 *
 * @example Add, update, select
 * ```ts
 * import { createBlueprintStore } from "@atomiton/store";
 * import assert from "node:assert/strict";
 *
 * const store = createBlueprintStore();
 * const bp = store.getState().add({
 *   name: "Fetch and save",
 *   tags: ["http"],
 *   nodes: [
 *     { id: "a", type: "http-request", position: { x: 0, y: 0 } },
 *     { id: "b", type: "file-write", position: { x: 200, y: 0 } },
 *   ],
 *   edges: [{ id: "a-b", source: "a", target: "b" }],
 * });
 * store.getState().update(bp.id, { description: "Saves a page" });
 * store.getState().select(bp.id);
 * assert.equal(store.getState().blueprints.get(bp.id)?.description, "Saves a page");
 * assert.equal(store.getState().selectedId, bp.id);
 * ```
 */
export function createBlueprintStore(options: BlueprintStoreOptions = {}): BlueprintStore {
  const now = options.now ?? Date.now;
  return createStore<BlueprintState>()((set, get) => {
    const find = (id: string): Blueprint => get().blueprints.get(id) ?? missing("blueprint", id);
    // The graph is checked when it may have changed: on add, and on updates that touch it.
    const save = (bp: Blueprint, graph = true): Blueprint => (
      set({ blueprints: put(get().blueprints, bp.id, graph ? checkGraph(bp) : bp) }), bp
    );
    return {
      blueprints: new Map([...options.blueprints ?? []].map((bp) => [bp.id, bp])),
      selectedId: undefined,
      search: "",
      tagFilter: [],
      sort: { by: "name", order: "asc" },
      add: (input) => {
        const id = input.id ?? newId();
        if (get().blueprints.has(str("id", id))) fail("DUPLICATE", `blueprint ${show(id)} exists`);
        const date = new Date(now());
        return save({
          description: "",
          version: "1.0.0",
          author: "",
          tags: [],
          nodes: [],
          edges: [],
          metadata: {},
          ...input,
          id,
          created: date,
          modified: date,
        });
      },
      update: (id, patch) =>
        save(
          { ...find(id), ...patch, id, modified: new Date(now()) },
          "nodes" in patch || "edges" in patch || "name" in patch,
        ),
      remove: (id) => {
        const { blueprints, selectedId } = get();
        if (!blueprints.has(id)) return false;
        set({
          blueprints: put(blueprints, id),
          selectedId: selectedId === id ? undefined : selectedId,
        });
        return true;
      },
      select: (id) => set({ selectedId: id === undefined ? id : find(id).id }),
      setSearch: (search) => set({ search }),
      setTagFilter: (tags) => set({ tagFilter: [...tags] }),
      setSort: (sort) =>
        set({
          sort: {
            by: oneOf("sort.by", sort.by, ["name", "created", "modified"]),
            order: oneOf("sort.order", sort.order, ["asc", "desc"]),
          },
        }),
    };
  });
}

/**
 * The blueprints that match the search and every tag of the tag filter, in the
 * store's sort order. Returns the same array until one of those changes.
 *
 * @param state A blueprint store's state.
 * @returns The filtered, sorted list.
 *
 * @example
 * ```ts
 * import { createBlueprintStore, selectFilteredBlueprints } from "@atomiton/store";
 * import assert from "node:assert/strict";
 *
 * const store = createBlueprintStore();
 * const { add, setSearch } = store.getState();
 * add({ name: "Backup photos", tags: ["files"] });
 * add({ name: "Post to chat", tags: ["http"] });
 * setSearch("BACKUP");
 * assert.deepEqual(selectFilteredBlueprints(store.getState()).map((b) => b.name), ["Backup photos"]);
 * ```
 */
export const selectFilteredBlueprints: (state: BlueprintState) => readonly Blueprint[] = memo(
  (s) => [s.blueprints, s.search, s.tagFilter, s.sort],
  ({ blueprints, search, tagFilter, sort: { by, order } }) => {
    const text = search.toLowerCase();
    return [...blueprints.values()]
      .filter((bp) =>
        tagFilter.every((tag) => bp.tags.includes(tag)) &&
        [bp.name, bp.description, ...bp.tags].some((s) => s.toLowerCase().includes(text))
      )
      .sort((a, b) =>
        (by === "name" ? a.name.localeCompare(b.name) : +a[by] - +b[by]) *
        (order === "asc" ? 1 : -1)
      );
  },
);

/**
 * Every tag of every blueprint, once each, sorted. Returns the same array until
 * the blueprints change.
 *
 * @param state A blueprint store's state.
 * @returns The tags.
 *
 * @example
 * ```ts
 * import { createBlueprintStore, selectAllTags } from "@atomiton/store";
 * import assert from "node:assert/strict";
 *
 * const store = createBlueprintStore();
 * store.getState().add({ name: "a", tags: ["http", "daily"] });
 * store.getState().add({ name: "b", tags: ["http"] });
 * assert.deepEqual(selectAllTags(store.getState()), ["daily", "http"]);
 * ```
 */
export const selectAllTags: (state: BlueprintState) => readonly string[] = memo(
  (s) => [s.blueprints],
  (s) => [...new Set([...s.blueprints.values()].flatMap((bp) => bp.tags))].sort(),
);
