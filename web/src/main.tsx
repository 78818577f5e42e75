// Entry point: the stylesheet (Pico CSS and ours) and the application.
import "./styles.css";
import { render } from "preact";
import { App } from "./app";

render(<App />, document.getElementById("app")!);
