import type ts from "typescript";
import {
  CORE_EXPORTS,
  type CoreExport,
  isCoreSpecifier,
  packageOf,
  UNKNOWN_EXPORT,
} from "./_map.ts";

/** The TypeScript compiler's module, loaded by the command only when a file needs it. */
export type TypeScript = typeof ts;

/** A replacement of `text.slice(start, end)`. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** One old export in a rewritten statement, and where it went. */
export interface RewrittenName {
  readonly old: string;
  readonly entry: string;
  readonly name: string;
  readonly status: "moved" | "changed";
}

/** An import or export statement that was rewritten. */
export interface Rewrite {
  /** 1-based line of the statement. */
  readonly line: number;
  /** The old specifier, such as `@atomiton/core`. */
  readonly from: string;
  /** The new entries it now imports from, in order. */
  readonly to: readonly string[];
  readonly names: readonly RewrittenName[];
}

/** Why a place was listed. */
export type FindingKind =
  | "call-site"
  | "re-export"
  | "no-counterpart"
  | "unknown-name"
  | "namespace-import"
  | "default-import"
  | "side-effect-import"
  | "export-star"
  | "dynamic-import"
  | "require"
  | "import-type"
  | "string-specifier"
  | "parse-error";

/** A place in a file that a person has to look at. */
export interface Finding {
  readonly kind: FindingKind;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
  /** The name concerned, if any. */
  readonly name?: string;
  /** Why, and what to do. */
  readonly message: string;
  /** The line of source, trimmed. */
  readonly code: string;
}

/** What {@linkcode rewriteImports} did to one file. */
export interface RewriteResult {
  /** The new text (the same string when nothing changed). */
  readonly text: string;
  /** The replacements made, in order of position. */
  readonly edits: readonly Edit[];
  readonly rewrites: readonly Rewrite[];
  /** Places the rewrite touched that need a person: uses of exports whose API changed. */
  readonly manual: readonly Finding[];
  /** Places left as they were, with the reason. */
  readonly unchanged: readonly Finding[];
  /** The new packages the rewritten imports need. */
  readonly packages: ReadonlySet<string>;
  /** How many statements or expressions still name `@atomiton/core`. */
  readonly coreLeft: number;
}

const UNSAFE: Readonly<Record<string, string>> = {
  "namespace-import":
    "a namespace import: its uses are `ns.Name`, which this tool does not follow; import the names you use, then run it again",
  "default-import":
    "a default import: the new packages have no default export; import the names you use",
  "side-effect-import":
    "an import for its side effects only: the new packages need no set-up import; remove it",
  "export-star":
    "`export *` re-exports whatever the old package had: list the names you re-export, then run it again",
  "dynamic-import":
    "a dynamic import(): make it import the new package you need (see MIGRATION.md)",
  "require": "a require(): the new packages are ES modules; import the names you need",
  "import-type": "a type-level import(): point it at the new package that has the type",
  "string-specifier":
    "a string naming @atomiton/core (a mock, a module declaration): update it by hand",
};

interface Comment {
  readonly text: string;
  /** On the same line as the specifier it belongs to (rendered before it on its line). */
  readonly inline: boolean;
}

interface Chunk {
  readonly element: ts.ImportSpecifier | ts.ExportSpecifier;
  readonly leading: readonly Comment[];
  readonly trailing: readonly string[];
}

interface Part {
  readonly chunk: Chunk;
  /** The specifier as written in the new statement. */
  readonly text: string;
}

interface Layout {
  readonly multiLine: boolean;
  readonly pad: string;
  readonly indent: string;
  readonly closeIndent: string;
  readonly trailingComma: boolean;
  readonly dangling: readonly string[];
}

/**
 * Rewrites a file's imports and re-exports of the old `@atomiton/core` (and its
 * subpaths) to the new packages, one statement per new entry, keeping aliases,
 * `type` modifiers, quotes, semicolons, comments and line endings. What it cannot
 * rewrite safely is left as it is and listed.
 *
 * @param ts The TypeScript compiler module.
 * @param text The file's text.
 * @param fileName Its name; the extension picks TS, TSX, JS or JSX parsing.
 * @returns The new text and what was done.
 */
export function rewriteImports(ts: TypeScript, text: string, fileName: string): RewriteResult {
  if (!text.includes("@atomiton/core")) {
    return {
      text,
      edits: [],
      rewrites: [],
      manual: [],
      unchanged: [],
      packages: new Set(),
      coreLeft: 0,
    };
  }
  return new Rewriter(ts, text, fileName).run();
}

class Rewriter {
  readonly #ts: TypeScript;
  readonly #text: string;
  readonly #sf: ts.SourceFile;
  readonly #js: boolean;
  readonly #newline: string;
  readonly #edits: Edit[] = [];
  readonly #rewrites: Rewrite[] = [];
  readonly #manual: Finding[] = [];
  readonly #unchanged: Finding[] = [];
  readonly #packages = new Set<string>();
  /** Local names bound by other modules' imports: local -> `module\0imported`. */
  readonly #external = new Map<string, string>();
  /** Those, and the names the rewritten imports keep: for clashes with new names. */
  readonly #bound = new Map<string, string>();
  /** `local\0module\0imported` of every specifier written so far, not to write one twice. */
  readonly #emitted = new Set<string>();
  /** Identifiers used outside import declarations, to avoid clashes with new names. */
  readonly #used = new Set<string>();
  /** Changed exports' local names whose uses are to be listed. */
  readonly #flagged = new Map<string, Flagged>();
  /** Statements rewritten: their identifiers are not uses. */
  readonly #rewritten = new Set<ts.Node>();
  #coreLeft = 0;

  constructor(typescript: TypeScript, text: string, fileName: string) {
    this.#ts = typescript;
    this.#text = text;
    const extension = fileName.slice(fileName.lastIndexOf(".")).toLowerCase();
    const kinds = typescript.ScriptKind;
    const kind = extension === ".tsx"
      ? kinds.TSX
      : extension === ".jsx"
      ? kinds.JSX
      : [".js", ".mjs", ".cjs"].includes(extension)
      ? kinds.JS
      : kinds.TS;
    this.#js = kind === kinds.JS || kind === kinds.JSX;
    this.#sf = typescript.createSourceFile(
      fileName,
      text,
      typescript.ScriptTarget.Latest,
      true,
      kind,
    );
    this.#newline = text.includes("\r\n") ? "\r\n" : "\n";
  }

  run(): RewriteResult {
    const ts = this.#ts;
    const errors = (this.#sf as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] })
      .parseDiagnostics ?? [];
    const error = errors[0];
    if (error) {
      const message = ts.flattenDiagnosticMessageText(error.messageText, " ");
      this.#finding(this.#unchanged, "parse-error", error.start ?? 0, {
        message: `could not parse it (${message}); left as it is`,
      });
      return this.#result(this.#text, 1);
    }
    this.#collectNames(this.#sf);
    this.#visit(this.#sf);
    this.#listUses();
    const edits = [...this.#edits].sort((a, b) => a.start - b.start);
    let out = this.#text;
    for (const edit of [...edits].reverse()) {
      out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    }
    this.#edits.splice(0, this.#edits.length, ...edits);
    return this.#result(out, this.#coreLeft);
  }

  #result(text: string, coreLeft: number): RewriteResult {
    const byPlace = (a: Finding, b: Finding): number => a.line - b.line || a.column - b.column;
    return {
      text,
      edits: this.#edits,
      rewrites: this.#rewrites,
      manual: this.#manual.sort(byPlace),
      unchanged: this.#unchanged.sort(byPlace),
      packages: this.#packages,
      coreLeft,
    };
  }

  /** Imports' bindings and every other identifier, before anything is rewritten. */
  #collectNames(root: ts.Node): void {
    const ts = this.#ts;
    const walk = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node)) {
        const specifier = moduleName(ts, node.moduleSpecifier);
        const clause = node.importClause;
        const bindings = clause?.namedBindings;
        if (specifier === undefined) return;
        if (isCoreSpecifier(specifier)) {
          // The rewritten imports that keep their local name hold it already.
          if (!bindings || !ts.isNamedImports(bindings)) return;
          for (const element of bindings.elements) {
            const target = mapped(element);
            const old = (element.propertyName ?? element.name).text;
            if (
              target && (element.propertyName || target.status === "moved" || target.name === old)
            ) {
              this.#bound.set(element.name.text, `${target.entry}\0${target.name}`);
            }
          }
          return;
        }
        const bind = (local: string, imported: string): void => {
          this.#external.set(local, `${specifier}\0${imported}`);
          this.#bound.set(local, `${specifier}\0${imported}`);
        };
        if (clause?.name) bind(clause.name.text, "default");
        if (bindings && ts.isNamedImports(bindings)) {
          for (const element of bindings.elements) {
            bind(element.name.text, (element.propertyName ?? element.name).text);
          }
        } else if (bindings) bind(bindings.name.text, "*");
        return;
      }
      if (ts.isIdentifier(node)) this.#used.add(node.text);
      ts.forEachChild(node, walk);
    };
    walk(root);
  }

  #visit(node: ts.Node): void {
    const ts = this.#ts;
    if (ts.isImportDeclaration(node)) return this.#importDeclaration(node);
    if (ts.isExportDeclaration(node)) return this.#exportDeclaration(node);
    if (ts.isImportEqualsDeclaration(node)) {
      const reference = node.moduleReference;
      if (ts.isExternalModuleReference(reference) && isCore(ts, reference.expression)) {
        this.#left("require", node);
      }
      return;
    }
    if (ts.isCallExpression(node) && node.arguments[0] && isCore(ts, node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword) return this.#left("dynamic-import", node);
      const name = ts.isIdentifier(callee)
        ? callee.text
        : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)
        ? callee.expression.text
        : undefined;
      if (name === "require") return this.#left("require", node);
    }
    if (ts.isImportTypeNode(node)) {
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument) && isCore(ts, argument.literal)) {
        return this.#left("import-type", node);
      }
    }
    if (isCore(ts, node)) return this.#left("string-specifier", node);
    ts.forEachChild(node, (child) => this.#visit(child));
  }

  #importDeclaration(node: ts.ImportDeclaration): void {
    const ts = this.#ts;
    const from = moduleName(ts, node.moduleSpecifier);
    if (from === undefined || !isCoreSpecifier(from)) return;
    const clause = node.importClause;
    const bindings = clause?.namedBindings;
    // `import {} from` loads the module and binds nothing, as a bare import does.
    if (
      !clause ||
      (!clause.name && bindings && ts.isNamedImports(bindings) && !bindings.elements.length)
    ) {
      return this.#left("side-effect-import", node);
    }
    if (bindings && !ts.isNamedImports(bindings)) return this.#left("namespace-import", node);
    // TypeScript before 5.9 has no phaseModifier; isTypeOnly (deprecated since) says it there.
    const typeOnly = clause.isTypeOnly || clause.phaseModifier === ts.SyntaxKind.TypeKeyword;
    const elements = bindings?.elements ?? [];
    if (!elements.some((element) => mapped(element))) {
      this.#coreLeft++;
      if (clause.name) this.#left("default-import", clause.name, false);
      for (const element of elements) this.#unmapped(element);
      return;
    }
    const chunks = this.#chunks(bindings!);
    const groups = new Map<string, Part[]>();
    const names: RewrittenName[] = [];
    for (const chunk of chunks) {
      const element = chunk.element as ts.ImportSpecifier;
      const target = mapped(element);
      if (!target) {
        this.#unmapped(element);
        push(groups, from, { chunk, text: this.#slice(element) });
        continue;
      }
      const old = (element.propertyName ?? element.name).text;
      const local = this.#localName(element, old, target);
      const key = `${target.entry}\0${target.name}`;
      names.push({ old, entry: target.entry, name: target.name, status: target.status });
      if (target.status === "changed") {
        // A name no longer bound breaks every use; a kept one only where the API is used.
        this.#flagged.set(element.name.text, {
          entry: target.entry,
          name: target.name,
          note: target.note ?? "",
          unbound: local !== element.name.text,
        });
      }
      // Already imported, by another statement or by this one under another old name.
      if (this.#external.get(local) === key || this.#emitted.has(`${local}\0${key}`)) continue;
      this.#emitted.add(`${local}\0${key}`);
      this.#bound.set(local, key);
      const type = !typeOnly && !this.#js && (element.isTypeOnly || target.kind === "type");
      const text = `${type ? "type " : ""}${
        local === target.name ? local : `${target.name} as ${local}`
      }`;
      push(groups, target.entry, { chunk, text });
    }
    if (groups.has(from) || clause.name) this.#coreLeft++;
    if (clause.name) this.#left("default-import", clause.name, false);
    // The default import stays first, with the names left to the old package.
    const statements = clause.name ? new Map([[from, groups.get(from) ?? []], ...groups]) : groups;
    const head = typeOnly ? "import type" : "import";
    // Every group has names, but the old package's may hold only the default import.
    this.#replace(node, bindings!, statements, (entry, list) => {
      const defaultName = entry === from ? clause.name?.text : undefined;
      return [head, defaultName, list.length ? list : undefined].filter((x) => x !== undefined);
    });
    this.#record(node, from, statements, names);
  }

  #exportDeclaration(node: ts.ExportDeclaration): void {
    const ts = this.#ts;
    const from = node.moduleSpecifier && moduleName(ts, node.moduleSpecifier);
    if (from === undefined || !isCoreSpecifier(from)) return;
    const clause = node.exportClause;
    if (!clause || !ts.isNamedExports(clause)) return this.#left("export-star", node);
    if (!clause.elements.some((element) => mapped(element))) {
      this.#coreLeft++;
      for (const element of clause.elements) this.#unmapped(element);
      return;
    }
    const groups = new Map<string, Part[]>();
    const names: RewrittenName[] = [];
    for (const chunk of this.#chunks(clause)) {
      const element = chunk.element as ts.ExportSpecifier;
      const target = mapped(element);
      if (!target) {
        this.#unmapped(element);
        push(groups, from, { chunk, text: this.#slice(element) });
        continue;
      }
      const old = (element.propertyName ?? element.name).text;
      const exported = element.name.text;
      names.push({ old, entry: target.entry, name: target.name, status: target.status });
      if (target.status === "changed") {
        this.#finding(this.#manual, "re-export", element.getStart(this.#sf), {
          name: exported,
          message: `${exported} now re-exports ${target.name} from ${target.entry}; ` +
            `its API changed, so check what imports it: ${target.note}`,
        });
      }
      const type = !node.isTypeOnly && !this.#js &&
        (element.isTypeOnly || target.kind === "type");
      const text = `${type ? "type " : ""}${
        exported === target.name ? exported : `${target.name} as ${exported}`
      }`;
      push(groups, target.entry, { chunk, text });
    }
    if (groups.has(from)) this.#coreLeft++;
    const head = node.isTypeOnly ? "export type" : "export";
    this.#replace(node, clause, groups, (_entry, list) => [head, list]);
    this.#record(node, from, groups, names);
  }

  /** The local name of a mapped import: the alias, the old name, or the new name. */
  #localName(element: ts.ImportSpecifier, old: string, target: Mapped): string {
    if (element.propertyName || target.status === "moved" || target.name === old) {
      return element.name.text;
    }
    // A changed export takes its new name, unless that name is taken in the file.
    const key = `${target.entry}\0${target.name}`;
    const bound = this.#bound.get(target.name);
    const free = bound === undefined ? !this.#used.has(target.name) : bound === key;
    return free ? target.name : element.name.text;
  }

  #unmapped(element: ts.ImportSpecifier | ts.ExportSpecifier): void {
    const name = (element.propertyName ?? element.name).text;
    const target = Object.hasOwn(CORE_EXPORTS, name) ? CORE_EXPORTS[name] : undefined;
    const at = element.getStart(this.#sf);
    if (target?.status === "removed") {
      this.#finding(this.#unchanged, "no-counterpart", at, {
        name,
        message: `${name} has no counterpart: ${target.instead}`,
      });
    } else {
      this.#finding(this.#unchanged, "unknown-name", at, {
        name,
        message: `${name} is ${UNKNOWN_EXPORT}`,
      });
    }
  }

  #left(kind: FindingKind, node: ts.Node, counts = true): void {
    if (counts) this.#coreLeft++;
    this.#finding(this.#unchanged, kind, node.getStart(this.#sf), { message: UNSAFE[kind]! });
  }

  #finding(
    list: Finding[],
    kind: FindingKind,
    at: number,
    details: { readonly name?: string; readonly message: string },
  ): void {
    const { line, character } = this.#sf.getLineAndCharacterOfPosition(at);
    const start = this.#sf.getLineStarts()[line]!;
    const end = this.#text.indexOf("\n", start);
    const code = this.#text.slice(start, end < 0 ? undefined : end).trim();
    list.push({ kind, line: line + 1, column: character + 1, ...details, code });
  }

  #record(
    node: ts.Node,
    from: string,
    groups: ReadonlyMap<string, readonly Part[]>,
    names: readonly RewrittenName[],
  ): void {
    this.#rewritten.add(node);
    const to = [...groups.keys()].filter((entry) => entry !== from);
    for (const entry of to) this.#packages.add(packageOf(entry));
    const line = this.#sf.getLineAndCharacterOfPosition(node.getStart(this.#sf)).line + 1;
    this.#rewrites.push({ line, from, to, names });
  }

  /** Lists the uses of changed exports (not their imports, not property names). */
  #listUses(): void {
    if (this.#flagged.size === 0) return;
    const ts = this.#ts;
    const walk = (node: ts.Node): void => {
      if (this.#rewritten.has(node) || ts.isImportDeclaration(node)) return;
      const target = ts.isIdentifier(node) ? this.#flagged.get(node.text) : undefined;
      if (
        target && isUse(ts, node as ts.Identifier) &&
        (target.unbound || !inTypePosition(ts, node as ts.Identifier))
      ) {
        const name = (node as ts.Identifier).text;
        this.#finding(this.#manual, "call-site", node.getStart(this.#sf), {
          name,
          message: name === target.name
            ? `${name}, now from ${target.entry}, changed: ${target.note}`
            : `${name} is now ${target.name} from ${target.entry}: ${target.note}`,
        });
      }
      ts.forEachChild(node, walk);
    };
    walk(this.#sf);
  }

  /** Splits a `{ ... }` list into its specifiers with the comments that belong to each. */
  #chunks(list: ts.NamedImports | ts.NamedExports): Chunk[] {
    const ts = this.#ts;
    const text = this.#text;
    const slice = (range: ts.CommentRange): string => text.slice(range.pos, range.end);
    const elements = list.elements;
    const chunks: Chunk[] = [];
    let carried: Comment[] = [];
    for (let i = 0; i < elements.length; i++) {
      const element = elements[i]!;
      const start = element.getStart(this.#sf);
      const next = elements[i + 1];
      // Leading ranges skip the rest of the line they start on: after `{`, that is this one's.
      const ranges = [
        ...(i === 0 ? ts.getTrailingCommentRanges(text, element.pos) ?? [] : []),
        ...(ts.getLeadingCommentRanges(text, element.pos) ?? []),
      ];
      const leading = [
        ...carried,
        ...ranges.map((range) => ({
          text: slice(range),
          inline: !text.slice(range.end, start).includes("\n"),
        })),
      ];
      const beforeComma = (ts.getTrailingCommentRanges(text, element.end) ?? []).map(slice);
      const comma = next ? next.pos : commaEnd(text, element.end);
      const afterRanges = comma === undefined ? [] : ts.getTrailingCommentRanges(text, comma) ?? [];
      const lastAfter = afterRanges.at(-1);
      carried = [];
      if (next && lastAfter && !text.slice(lastAfter.end, next.getStart(this.#sf)).includes("\n")) {
        // `A, /* b */ B`: the comment is B's.
        carried = afterRanges.map((range) => ({ text: slice(range), inline: true }));
        chunks.push({ element, leading, trailing: beforeComma });
      } else {
        chunks.push({ element, leading, trailing: [...beforeComma, ...afterRanges.map(slice)] });
      }
    }
    return chunks;
  }

  #layout(list: ts.NamedImports | ts.NamedExports): Layout {
    const ts = this.#ts;
    const text = this.#text;
    const open = list.getStart(this.#sf);
    const close = list.end - 1;
    const inner = text.slice(open + 1, close);
    const last = list.elements.at(-1)!;
    const lastEnd = list.elements.hasTrailingComma
      ? commaEnd(text, last.end) ?? last.end
      : last.end;
    const sameLine = ts.getTrailingCommentRanges(text, lastEnd) ?? [];
    const danglingFrom = sameLine.at(-1)?.end ?? lastEnd;
    const dangling = (ts.getLeadingCommentRanges(text, danglingFrom) ?? [])
      .filter((range) => range.end <= close)
      .map((range) => text.slice(range.pos, range.end));
    const statementIndent = indentOf(text, this.#statementStart(list));
    const first = list.elements[0]!.getStart(this.#sf);
    const firstIndent = indentOf(text, first);
    return {
      multiLine: inner.includes("\n"),
      pad: /^\s/.test(inner) ? " " : "",
      indent: firstIndent ?? `${statementIndent ?? ""}  `,
      closeIndent: indentOf(text, close) ?? statementIndent ?? "",
      trailingComma: list.elements.hasTrailingComma,
      dangling,
    };
  }

  #statementStart(node: ts.Node): number {
    let statement = node;
    while (
      !this.#ts.isImportDeclaration(statement) && !this.#ts.isExportDeclaration(statement)
    ) statement = statement.parent;
    return statement.getStart(this.#sf);
  }

  #replace(
    node: ts.ImportDeclaration | ts.ExportDeclaration,
    list: ts.NamedImports | ts.NamedExports,
    groups: ReadonlyMap<string, readonly Part[]>,
    heads: (entry: string, parts: readonly Part[]) => readonly (string | readonly Part[])[],
  ): void {
    const text = this.#text;
    const start = node.getStart(this.#sf);
    const specifier = node.moduleSpecifier!;
    const quote = text[specifier.getStart(this.#sf)] === "'" ? "'" : '"';
    const semicolon = text[node.end - 1] === ";" ? ";" : "";
    const layout = this.#layout(list);
    const entries = [...groups.keys()];
    const statements: string[] = [];
    for (const entry of entries) {
      const pieces = heads(entry, groups.get(entry)!);
      const isLast = entry === entries.at(-1);
      const words = pieces.map((piece) =>
        typeof piece === "string" ? piece : this.#braces(piece, layout, isLast)
      );
      // `import D, { A }`: a default and a list are separated by a comma.
      const head = words.length === 3 ? `${words[0]} ${words[1]}, ${words[2]}` : words.join(" ");
      statements.push(`${head} from ${quote}${entry}${quote}${semicolon}`);
    }
    const indent = indentOf(text, start);
    if (statements.length) {
      this.#edits.push({
        start,
        end: node.end,
        text: statements.join(this.#newline + (indent ?? "")),
      });
      return;
    }
    // Everything it imported is imported already: drop the statement, and its line if alone.
    const rest = text.slice(node.end).match(/^[ \t]*(?:\r?\n|$)/);
    const alone = indent !== undefined && rest !== null;
    this.#edits.push({
      start: alone ? start - indent.length : start,
      end: alone ? node.end + rest[0].length : node.end,
      text: "",
    });
  }

  #braces(parts: readonly Part[], layout: Layout, withDangling: boolean): string {
    const bare = parts.length === 1 && !parts[0]!.chunk.leading.length &&
      !parts[0]!.chunk.trailing.length && !(withDangling && layout.dangling.length);
    if (bare && layout.multiLine) return `{ ${parts[0]!.text} }`;
    if (!layout.multiLine) {
      const items = parts.map((part) =>
        [
          ...part.chunk.leading.map((comment) => comment.text),
          part.text,
          ...part.chunk.trailing,
        ].join(" ")
      );
      return `{${layout.pad}${items.join(", ")}${layout.pad}}`;
    }
    const nl = this.#newline;
    const lines: string[] = [];
    parts.forEach((part, i) => {
      const { leading, trailing } = part.chunk;
      for (const comment of leading.filter((c) => !c.inline)) {
        lines.push(layout.indent + comment.text);
      }
      const inline = leading.filter((c) => c.inline).map((c) => `${c.text} `).join("");
      const comma = i < parts.length - 1 || layout.trailingComma ? "," : "";
      const after = trailing.map((comment) => ` ${comment}`).join("");
      lines.push(`${layout.indent}${inline}${part.text}${comma}${after}`);
    });
    if (withDangling) {
      for (const comment of layout.dangling) {
        lines.push(layout.indent + comment);
      }
    }
    return `{${nl}${lines.join(nl)}${nl}${layout.closeIndent}}`;
  }

  #slice(node: ts.Node): string {
    return this.#text.slice(node.getStart(this.#sf), node.end);
  }
}

type Mapped = Extract<CoreExport, { status: "moved" | "changed" }>;

interface Flagged {
  readonly entry: string;
  readonly name: string;
  readonly note: string;
  /** The rewrite changed the local name, so the old one is unbound now. */
  readonly unbound: boolean;
}

function mapped(element: ts.ImportSpecifier | ts.ExportSpecifier): Mapped | undefined {
  const name = (element.propertyName ?? element.name).text;
  const target = Object.hasOwn(CORE_EXPORTS, name) ? CORE_EXPORTS[name] : undefined;
  return target && target.status !== "removed" ? target : undefined;
}

function push(groups: Map<string, Part[]>, entry: string, part: Part): void {
  const list = groups.get(entry);
  if (list) list.push(part);
  else groups.set(entry, [part]);
}

function moduleName(ts: TypeScript, node: ts.Node): string | undefined {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
    ? node.text
    : undefined;
}

function isCore(ts: TypeScript, node: ts.Node): boolean {
  const name = moduleName(ts, node);
  return name !== undefined && isCoreSpecifier(name);
}

/** The whitespace before `position` on its line, if only whitespace is there. */
function indentOf(text: string, position: number): string | undefined {
  const lineStart = text.lastIndexOf("\n", position - 1) + 1;
  const before = text.slice(lineStart, position);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/** The position after the comma that follows `position` (only trivia between), if any. */
function commaEnd(text: string, position: number): number | undefined {
  for (let i = position;;) {
    if (text.startsWith("//", i)) {
      const end = text.indexOf("\n", i);
      i = end < 0 ? text.length : end;
    } else if (text.startsWith("/*", i)) {
      const end = text.indexOf("*/", i);
      i = end < 0 ? text.length : end + 2;
    } else if (/\s/.test(text[i] ?? "")) i++;
    else return text[i] === "," ? i + 1 : undefined;
  }
}

/** Whether an identifier is (part of) a type, such as `x: MemoryClient` or `implements X`. */
function inTypePosition(ts: TypeScript, id: ts.Identifier): boolean {
  let node: ts.Node = id;
  while (ts.isQualifiedName(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isTypeReferenceNode(parent)) return true;
  return ts.isExpressionWithTypeArguments(parent) && ts.isHeritageClause(parent.parent) &&
    parent.parent.token === ts.SyntaxKind.ImplementsKeyword;
}

/** Whether an identifier refers to a binding (not a property name, not a declaration's name). */
function isUse(ts: TypeScript, id: ts.Identifier): boolean {
  const parent = id.parent as ts.Node & { name?: ts.Node; propertyName?: ts.Node };
  if (ts.isShorthandPropertyAssignment(parent)) return true;
  if (ts.isExportSpecifier(parent)) {
    const declaration = parent.parent.parent;
    return declaration.moduleSpecifier === undefined && (parent.propertyName ?? parent.name) === id;
  }
  if (ts.isQualifiedName(parent)) return parent.left === id;
  if (parent.name === id || parent.propertyName === id) return false;
  return true;
}
