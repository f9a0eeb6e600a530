// Turns the type nodes of `deno doc --json` (format version 2) back into TypeScript text.

/** One node of `deno doc --json`, loosely typed: the format omits fields at their default. */
// deno-lint-ignore no-explicit-any
export type DocNode = any;

/** The text of a type, as a reader writes it. */
export function renderType(node: DocNode): string {
  if (node === undefined || node === null) return "unknown";
  const value = node.value;
  switch (node.kind) {
    case "keyword":
    case "this":
      return node.repr || String(value);
    case "literal":
      return renderLiteral(value);
    case "typeRef":
      return value.typeName + renderTypeArguments(value.typeParams);
    case "union":
      return value.map(renderType).join(" | ");
    case "intersection":
      return value.map(renderType).join(" & ");
    case "array":
      return `${renderType(value)}[]`;
    case "tuple":
      return `[${value.map(renderType).join(", ")}]`;
    case "typeOperator":
      return `${value.operator} ${renderType(value.tsType)}`;
    case "parenthesized":
      return `(${renderType(value)})`;
    case "rest":
      return `...${renderType(value)}`;
    case "optional":
      return `${renderType(value)}?`;
    case "typeQuery":
      return `typeof ${typeof value === "string" ? value : node.repr}`;
    case "fnOrConstructor":
      return `${value.constructor ? "new " : ""}${renderTypeParams(value.typeParams)}(${
        renderParams(value.params)
      }) => ${renderType(value.tsType)}`;
    case "conditional":
      return `${renderType(value.checkType)} extends ${renderType(value.extendsType)} ? ${
        renderType(value.trueType)
      } : ${renderType(value.falseType)}`;
    case "infer":
      return `infer ${renderTypeParam(value.typeParam)}`;
    case "indexedAccess":
      return `${renderType(value.objType)}[${renderType(value.indexType)}]`;
    case "mapped":
      return renderMapped(value);
    case "typeLiteral":
      return `{ ${typeLiteralMembers(value).map((line) => `${line}; `).join("")}}`;
    case "typePredicate":
      return `${value.asserts ? "asserts " : ""}${value.param?.name ?? "this"}${
        value.type ? ` is ${renderType(value.type)}` : ""
      }`;
    case "importType":
      return `import("${value.specifier}")${value.qualifier ? `.${value.qualifier}` : ""}${
        renderTypeArguments(value.typeParams)
      }`;
    default:
      return node.repr || `/* ${node.kind} */ unknown`;
  }
}

function renderLiteral(value: DocNode): string {
  switch (value.kind) {
    case "string":
      return JSON.stringify(value.string);
    case "template":
      return "`" +
        value.tsTypes.map((part: DocNode) =>
          part.kind === "literal" && part.value.kind === "string"
            ? part.value.string
            : "${" + renderType(part) + "}"
        ).join("") + "`";
    case "bigInt":
      return `${value.string ?? value.bigInt}n`;
    default:
      return String(value[value.kind]);
  }
}

function renderMapped(value: DocNode): string {
  const readonly = value.readonly === true
    ? "readonly "
    : value.readonly
    ? `${value.readonly}readonly `
    : "";
  const optional = value.optional === true ? "?" : value.optional ?? "";
  const as = value.nameType ? ` as ${renderType(value.nameType)}` : "";
  const { name, constraint } = value.typeParam;
  return `{ ${readonly}[${name} in ${renderType(constraint)}${as}]${optional}: ${
    renderType(value.tsType)
  } }`;
}

/** `<A, B>` for type arguments, or nothing. */
export function renderTypeArguments(args: DocNode[] | undefined): string {
  return args?.length ? `<${args.map(renderType).join(", ")}>` : "";
}

function renderTypeParam(param: DocNode): string {
  return param.name +
    (param.constraint ? ` extends ${renderType(param.constraint)}` : "") +
    (param.default ? ` = ${renderType(param.default)}` : "");
}

/** `<T extends X = Y>` for type parameters, or nothing. */
export function renderTypeParams(params: DocNode[] | undefined): string {
  return params?.length ? `<${params.map(renderTypeParam).join(", ")}>` : "";
}

/** A parameter list as the caller sees it (defaults become optional parameters). */
export function renderParams(params: DocNode[] | undefined): string {
  return (params ?? []).map((param) => renderParam(param)).join(", ");
}

function renderParam(param: DocNode, optional = false): string {
  const type = param.tsType ? `: ${renderType(param.tsType)}` : "";
  switch (param.kind) {
    case "identifier":
      return `${param.name}${param.optional || optional ? "?" : ""}${type}`;
    case "rest":
      return `...${renderParam(param.arg)}${type}`;
    case "assign":
      return renderParam(param.left, true);
    case "object":
      return `{ ${
        (param.props ?? []).map((prop: DocNode) => prop.key ?? prop.name ?? "...").join(", ")
      } }${param.optional || optional ? "?" : ""}${type}`;
    case "array":
      return `[…]${param.optional || optional ? "?" : ""}${type}`;
    default:
      return `${param.name ?? param.kind}${type}`;
  }
}

/** `(a: A): R` with its type parameters, for a function, method or call signature. */
export function renderCallSignature(def: DocNode, returnType: DocNode = def.returnType): string {
  return `${renderTypeParams(def.typeParams)}(${renderParams(def.params)})${
    returnType ? `: ${renderType(returnType)}` : ""
  }`;
}

/** The members of an interface or type literal, one line each without the `;`. */
export function typeLiteralMembers(def: DocNode): string[] {
  const lines: string[] = [];
  for (const signature of def.constructSignatures ?? []) {
    lines.push(`new ${renderCallSignature(signature, signature.tsType ?? signature.returnType)}`);
  }
  for (const signature of def.callSignatures ?? []) {
    lines.push(renderCallSignature(signature, signature.tsType ?? signature.returnType));
  }
  for (const signature of def.indexSignatures ?? []) {
    lines.push(
      `${signature.readonly ? "readonly " : ""}[${renderParams(signature.params)}]: ${
        renderType(signature.tsType)
      }`,
    );
  }
  for (const property of byName(def.properties)) {
    lines.push(
      `${property.readonly ? "readonly " : ""}${propertyName(property)}${
        property.optional ? "?" : ""
      }: ${renderType(property.tsType)}`,
    );
  }
  for (const method of byName(def.methods)) {
    const name = `${propertyName(method)}${method.optional ? "?" : ""}`;
    if (method.kind === "getter") lines.push(`get ${name}(): ${renderType(method.returnType)}`);
    else if (method.kind === "setter") lines.push(`set ${name}(${renderParams(method.params)})`);
    else lines.push(`${name}${renderCallSignature(method)}`);
  }
  return lines;
}

/** A member name; `deno doc` writes computed ones bracketed already (`[Symbol.asyncDispose]`). */
function propertyName(member: DocNode): string {
  return member.name;
}

// Sorted so that moving a member in the source is no change; overloads keep their order.
function byName(members: DocNode[] | undefined): DocNode[] {
  return [...(members ?? [])].sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}
