// One exported symbol of `deno doc --json` as the TypeScript a caller relies on.
import {
  type DocNode,
  renderCallSignature,
  renderType,
  renderTypeArguments,
  renderTypeParams,
  typeLiteralMembers,
} from "./_api_type.ts";

/** Finds the declaration a re-export (`kind: "reference"`) points at, if it was documented. */
export type ResolveReference = (target: DocNode) => DocNode[] | undefined;

/** The signature of one symbol: each of its declarations, rendered, one after another. */
export function renderSymbol(
  name: string,
  declarations: DocNode[],
  resolve: ResolveReference,
): string {
  const declared = declarations.flatMap((declaration) =>
    declaration.kind === "reference"
      ? resolve(declaration.def.target) ?? [declaration]
      : [declaration]
  );
  // With overloads, the implementation's signature is not callable from outside.
  const overloaded = declared.some((d) => d.kind === "function" && !d.def.hasBody);
  return declared
    .filter((d) => !(overloaded && d.kind === "function" && d.def.hasBody))
    .map((declaration) => renderDeclaration(name, declaration))
    .join("\n");
}

function renderDeclaration(name: string, declaration: DocNode): string {
  const def = declaration.def ?? {};
  switch (declaration.kind) {
    case "function":
      return `function ${name}${renderCallSignature(def)};`;
    case "variable":
      return `${def.kind ?? "const"} ${name}: ${typeBlock(def.tsType)};`;
    case "typeAlias":
      return `type ${name}${renderTypeParams(def.typeParams)} = ${typeBlock(def.tsType)};`;
    case "interface":
      return `interface ${name}${renderTypeParams(def.typeParams)}${
        list(" extends ", def.extends)
      } ${block(typeLiteralMembers(def))}`;
    case "class":
      return renderClass(name, def);
    case "enum":
      return `enum ${name} ${
        block((def.members ?? []).map((m: DocNode) =>
          m.init ? `${m.name} = ${renderType(m.init)}` : m.name
        ))
      }`;
    case "namespace":
      return `namespace ${name} ${
        block((def.elements ?? []).map((e: DocNode) =>
          renderSymbol(e.name, e.declarations ?? [e], () =>
            undefined)
        ))
      }`;
    case "reference":
      return `export { ${name} } /* re-exported from an undocumented module */;`;
    default:
      return `/* ${declaration.kind} */ ${name};`;
  }
}

function renderClass(name: string, def: DocNode): string {
  const heritage =
    (def.extends ? ` extends ${def.extends}${renderTypeArguments(def.superTypeParams)}` : "") +
    list(" implements ", def.implements);
  const publicMembers = (members: DocNode[] | undefined) =>
    (members ?? []).filter((m: DocNode) =>
      m.accessibility !== "private" && m.accessibility !== "protected"
    );
  const constructors = publicMembers(def.constructors).map((c: DocNode) =>
    `constructor${renderCallSignature({ ...c, typeParams: undefined }, null)}`
  );
  const members = (isStatic: boolean) =>
    typeLiteralMembers({
      indexSignatures: isStatic ? [] : def.indexSignatures,
      properties: publicMembers(def.properties).filter((p: DocNode) => !!p.isStatic === isStatic),
      methods: publicMembers(def.methods)
        .filter((m: DocNode) => !!m.isStatic === isStatic)
        .map((m: DocNode) => ({ ...m, ...m.functionDef, kind: m.kind })),
    });
  return `${def.isAbstract ? "abstract " : ""}class ${name}${
    renderTypeParams(def.typeParams)
  }${heritage} ${
    block([...members(true).map((line) => `static ${line}`), ...constructors, ...members(false)])
  }`;
}

// An object type at the top of a declaration gets a line per member, for readable diffs.
function typeBlock(type: DocNode): string {
  return type?.kind === "typeLiteral" ? block(typeLiteralMembers(type.value)) : renderType(type);
}

function block(lines: string[]): string {
  return lines.length === 0
    ? "{}"
    : `{\n${lines.map((line) => `  ${line.replaceAll("\n", "\n  ")};`).join("\n")}\n}`;
}

function list(keyword: string, types: DocNode[] | undefined): string {
  return types?.length ? keyword + types.map(renderType).join(", ") : "";
}
