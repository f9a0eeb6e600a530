// A task module that fails while loading.
throw new Error("broken on purpose");
