import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { assertPrototypeClean, HOSTILE_KEYS } from "../../../scripts/testing/hostile.ts";
import { fileSystem } from "./task.ts";

async function withFolder(run: (folder: string) => Promise<void>): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), "atomiton-fs-"));
  try {
    await run(folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

// A ConductorError with this code and a message that says this.
const refused = (promise: Promise<unknown>, code: string, message: RegExp): Promise<void> =>
  assert.rejects(promise, { name: "ConductorError", code, message });

Deno.test("fileSystem() writes what the platform's hello-world writes: {{$input}} of a list of one text", async () => {
  await withFolder(async (folder) => {
    const path = join(folder, ".tmp", "hello-world-output.txt");
    const parameters = {
      operation: "write",
      path,
      content: "{{$input}}",
      encoding: "utf8",
      createDirectories: true,
      overwrite: true,
    };
    const output = await fileSystem({ parameters, input: ["Hello World\n\nCreated by: me"] });
    assert.deepEqual(output, { path, size: 27 });
    assert.equal(await readFile(path, "utf8"), "Hello World\n\nCreated by: me");
    await fileSystem({ parameters, input: ["again"] });
    assert.equal(await readFile(path, "utf8"), "again");
    assert.deepEqual(await readdir(join(folder, ".tmp")), ["hello-world-output.txt"]);
  });
});

Deno.test("fileSystem() writes the input without content: text as is, objects as JSON, bytes as bytes", async () => {
  await withFolder(async (folder) => {
    const write = (name: string, input: unknown, content?: string) =>
      fileSystem({
        parameters: {
          operation: "write",
          path: join(folder, name),
          ...(content === undefined ? {} : { content }),
        },
        input,
      });
    await write("text", "plain");
    await write("object", { a: [1, 2] });
    await write("bytes", new Uint8Array([0, 255, 10]));
    await write("empty-content", { a: 1 }, "");
    await write("explicit-empty", undefined, "");
    assert.equal(await readFile(join(folder, "text"), "utf8"), "plain");
    assert.equal(await readFile(join(folder, "object"), "utf8"), '{"a":[1,2]}');
    assert.deepEqual([...await readFile(join(folder, "bytes"))], [0, 255, 10]);
    assert.equal(await readFile(join(folder, "empty-content"), "utf8"), '{"a":1}');
    assert.equal(await readFile(join(folder, "explicit-empty"), "utf8"), "");
    await refused(
      write("nothing", undefined),
      "INVALID_PARAMETER",
      /write needs "content" or an input/,
    );
  });
});

Deno.test("fileSystem() write refuses an existing file unless overwrite, and a missing folder unless createDirectories", async () => {
  await withFolder(async (folder) => {
    const path = join(folder, "kept.txt");
    await writeFile(path, "precious");
    await refused(
      fileSystem({ parameters: { operation: "write", path, content: "new" } }),
      "EXISTS",
      /kept\.txt" already exists \(set overwrite: true/,
    );
    assert.equal(await readFile(path, "utf8"), "precious");
    const deep = join(folder, "a", "b", "c.txt");
    await refused(
      fileSystem({ parameters: { operation: "write", path: deep, content: "x" } }),
      "NOT_FOUND",
      /has no folder to go in \(set createDirectories: true\)/,
    );
    await refused(
      fileSystem({
        parameters: { operation: "write", path: folder, content: "x", overwrite: true },
      }),
      "IS_A_FOLDER",
      /is a folder/,
    );
    assert.ok((await stat(folder)).isDirectory());
  });
});

Deno.test("fileSystem() reads with an encoding, and write decodes with it", async () => {
  await withFolder(async (folder) => {
    const path = join(folder, "data.bin");
    await fileSystem({
      parameters: { operation: "write", path, content: "AP8K", encoding: "base64" },
    });
    assert.deepEqual([...await readFile(path)], [0, 255, 10]);
    const hex = await fileSystem({ parameters: { operation: "read", path, encoding: "hex" } });
    assert.equal(hex.content, "00ff0a");
    assert.equal(hex.size, 3);
    assert.equal(typeof hex.modified, "string");
    await refused(
      fileSystem({ parameters: { operation: "read", path, encoding: "utf32" } }),
      "INVALID_PARAMETER",
      /"encoding" must be one of utf8, .*hex.*, got "utf32"/,
    );
    await refused(
      fileSystem({ parameters: { operation: "read", path: folder } }),
      "IS_A_FOLDER",
      /use list/,
    );
    await refused(
      fileSystem({ parameters: { operation: "read", path: join(folder, "missing") } }),
      "NOT_FOUND",
      /file-system read: ".*missing" does not exist/,
    );
  });
});

Deno.test("fileSystem() lists a folder: names, every level with recursive, absolute with fullPaths; links not walked", async () => {
  await withFolder(async (folder) => {
    await mkdir(join(folder, "sub", "deeper"), { recursive: true });
    await writeFile(join(folder, ".hidden"), "");
    await writeFile(join(folder, "sub", "deeper", "f.txt"), "");
    await symlink(folder, join(folder, "sub", "loop"));
    const flat = await fileSystem({ parameters: { operation: "list", path: folder } });
    assert.deepEqual(flat, { path: folder, entries: [".hidden", "sub"], count: 2 });
    const all = await fileSystem({
      parameters: { operation: "list", path: folder, recursive: true },
    });
    assert.deepEqual(all.entries, [
      ".hidden",
      "sub",
      join("sub", "deeper"),
      join("sub", "deeper", "f.txt"),
      join("sub", "loop"),
    ]);
    const full = await fileSystem({
      parameters: { operation: "list", path: folder, fullPaths: true },
    });
    assert.deepEqual(full.entries, [join(folder, ".hidden"), join(folder, "sub")]);
    await refused(
      fileSystem({ parameters: { operation: "list", path: join(folder, ".hidden") } }),
      "NOT_A_FOLDER",
      /\.hidden" has a part that is not a folder/,
    );
  });
});

Deno.test("fileSystem() exists, create and delete", async () => {
  await withFolder(async (folder) => {
    const dir = join(folder, "x", "y");
    const check = (path: string) => fileSystem({ parameters: { operation: "exists", path } });
    const absent = (path: string) => ({ path, exists: false, isFile: false, isDirectory: false });
    assert.deepEqual(await check(dir), absent(dir));
    await refused(
      fileSystem({ parameters: { operation: "create", path: dir } }),
      "NOT_FOUND",
      /missing parent folder \(set recursive: true\)/,
    );
    assert.deepEqual(
      await fileSystem({ parameters: { operation: "create", path: dir, recursive: true } }),
      { path: dir, created: true },
    );
    assert.deepEqual(await fileSystem({ parameters: { operation: "create", path: dir } }), {
      path: dir,
      created: false,
    });
    assert.equal((await check(dir)).isDirectory, true);
    await writeFile(join(dir, "f"), "");
    assert.deepEqual(await check(join(dir, "f", "below")), absent(join(dir, "f", "below")));
    const parent = join(folder, "x");
    await refused(
      fileSystem({ parameters: { operation: "delete", path: parent } }),
      "NOT_EMPTY",
      /recursive: true/,
    );
    assert.equal((await check(join(dir, "f"))).isFile, true);
    assert.deepEqual(
      await fileSystem({ parameters: { operation: "delete", path: parent, recursive: true } }),
      { path: parent, deleted: true },
    );
    assert.deepEqual(await fileSystem({ parameters: { operation: "delete", path: parent } }), {
      path: parent,
      deleted: false,
    });
  });
});

Deno.test("fileSystem() delete removes a link, not what it points to", async () => {
  await withFolder(async (folder) => {
    await mkdir(join(folder, "target"));
    await writeFile(join(folder, "target", "keep"), "k");
    await symlink(join(folder, "target"), join(folder, "link"));
    await fileSystem({
      parameters: { operation: "delete", path: join(folder, "link"), recursive: true },
    });
    assert.equal(await readFile(join(folder, "target", "keep"), "utf8"), "k");
  });
});

Deno.test("fileSystem() copies and moves files and folders to targetPath (parameter or port)", async () => {
  await withFolder(async (folder) => {
    const source = join(folder, "a.txt");
    await writeFile(source, "A");
    const copied = join(folder, "copies", "b.txt");
    assert.deepEqual(
      await fileSystem({
        parameters: {
          operation: "copy",
          path: source,
          targetPath: copied,
          createDirectories: true,
        },
      }),
      { path: copied, sourcePath: source, targetPath: copied },
    );
    assert.equal(await readFile(copied, "utf8"), "A");
    await refused(
      fileSystem({ parameters: { operation: "copy", path: source, targetPath: copied } }),
      "EXISTS",
      /b\.txt" already exists/,
    );
    await writeFile(source, "A2");
    await fileSystem({
      parameters: { operation: "copy", path: source, overwrite: true },
      targetPath: copied,
    });
    assert.equal(await readFile(copied, "utf8"), "A2");
    const tree = join(folder, "copies-2");
    await fileSystem({
      parameters: { operation: "copy", path: join(folder, "copies"), targetPath: tree },
    });
    assert.equal(await readFile(join(tree, "b.txt"), "utf8"), "A2");
    const moved = join(folder, "moved");
    await fileSystem({ parameters: { operation: "move", path: tree, targetPath: moved } });
    assert.equal(await readFile(join(moved, "b.txt"), "utf8"), "A2");
    assert.equal(
      (await fileSystem({ parameters: { operation: "exists", path: tree } })).exists,
      false,
    );
    await refused(
      fileSystem({ parameters: { operation: "move", path: source, targetPath: copied } }),
      "EXISTS",
      /overwrite: true/,
    );
    await fileSystem({
      parameters: { operation: "move", path: source, targetPath: copied, overwrite: true },
    });
    assert.equal(await readFile(copied, "utf8"), "A2");
    await refused(
      fileSystem({ parameters: { operation: "copy", path: copied } }),
      "INVALID_PARAMETER",
      /copy: ".*b\.txt" needs a destination: set targetPath/,
    );
    await refused(
      fileSystem({
        parameters: { operation: "copy", path: moved, targetPath: join(moved, "inside") },
      }),
      "INVALID_PATH",
      /cannot be copied into itself/,
    );
    await refused(
      fileSystem({
        parameters: {
          operation: "move",
          path: join(folder, "none"),
          targetPath: join(folder, "z"),
        },
      }),
      "NOT_FOUND",
      /none" does not exist/,
    );
  });
});

Deno.test("fileSystem() resolves a relative path port against the flow file; refuses one with no flow file", async () => {
  await withFolder(async (folder) => {
    await writeFile(join(folder, "in.txt"), "from port");
    const baseUrl = pathToFileURL(join(folder, "my.flow.yaml")).href;
    const signal = new AbortController().signal;
    const read = await fileSystem(
      { parameters: { operation: "read", path: "/not/used" }, path: "in.txt" },
      { signal, baseUrl },
    );
    assert.equal(read.content, "from port");
    assert.equal(read.path, join(folder, "in.txt"));
    await refused(
      fileSystem({ parameters: { operation: "read", path: "in.txt" } }),
      "INVALID_PARAMETER",
      /"path" must be an absolute path here/,
    );
  });
});

Deno.test("fileSystem() refuses bad parameters and hostile paths with a code, touching nothing", async () => {
  await withFolder(async (folder) => {
    await refused(
      fileSystem({ parameters: { operation: "chmod", path: folder } }),
      "INVALID_PARAMETER",
      /"operation" must be one of read, write, list, exists, create, delete, copy, move, got "chmod"/,
    );
    for (const path of [undefined, "", 42, { __proto__: "x" }]) {
      await refused(
        fileSystem({ parameters: { operation: "read", path } }),
        "INVALID_PARAMETER",
        /"path" must be a non-empty path/,
      );
    }
    await refused(
      fileSystem({
        parameters: { operation: "write", path: join(folder, "nul\u0000byte"), content: "x" },
      }),
      "INVALID_PATH",
      /not a valid path/,
    );
    for (const key of HOSTILE_KEYS) {
      if (
        key === "" || key.includes("\u0000") || key.includes("/") || key.length > 200 ||
        /^\.+$/.test(key)
      ) continue;
      if (key.includes("\ud800") || key.includes("\udfff")) continue;
      const path = join(folder, key);
      await fileSystem({ parameters: { operation: "write", path }, input: key });
      assert.equal(await readFile(path, "utf8"), key);
    }
    assertPrototypeClean();
  });
});

Deno.test("fileSystem() stops on an aborted signal before touching the disk", async () => {
  await withFolder(async (folder) => {
    const controller = new AbortController();
    const reason = new Error("stopped");
    controller.abort(reason);
    const path = join(folder, "never");
    await assert.rejects(
      fileSystem({ parameters: { operation: "write", path, content: "x" } }, {
        signal: controller.signal,
        baseUrl: "",
      }),
      (error) => error === reason,
    );
    assert.deepEqual(await readdir(folder), []);
  });
});
