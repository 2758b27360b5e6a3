// The server the page talks to: "" for the origin that served it. The page served from the second
// origin (SecondOriginServer, --sample.second-origin-port) gets a config.js naming the application.
window.sampleServer = "";
