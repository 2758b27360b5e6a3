// Imported by test-suite.js on Node (upstream's node-imports.js provides the same globals).
import "../node-globals.js";
