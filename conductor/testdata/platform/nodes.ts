// The node library's task exports, for the flow tests until conductor/nodes/mod.ts (the lead's) lands.
export { editFields } from "../../nodes/edit_fields/task.ts";
export { fileSystem } from "../../nodes/file_system/task.ts";
export { httpRequest } from "../../nodes/http_request/task.ts";
export { shellCommand } from "../../nodes/shell_command/task.ts";
export { spreadsheet } from "../../nodes/spreadsheet/task.ts";
