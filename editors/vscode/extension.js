// Starts `rolelint server` for the workspace's org files, job descriptions and config.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("rolelint").get("path") || "rolelint";
  const server = { command, args: ["server"] };
  client = new LanguageClient(
    "rolelint",
    "rolelint",
    { run: server, debug: server },
    {
      documentSelector: [
        { scheme: "file", pattern: "**/*.{yaml,yml}" },
        { scheme: "file", pattern: "**/*.{md,txt}" },
      ],
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{yaml,yml,md,txt}"),
      },
    }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
