// GitHub workflow commands carry users' text: nothing in it may end the command early or reach the log
// as a terminal escape.
import { describe, expect, it } from "vitest";
import { workflowCommand } from "../../src/output/escape";

describe("workflowCommand", () => {
  it.each<{ desc: string; props: Record<string, string | number>; message: string; expected: string }>([
    { desc: "plain", props: { file: "guests/a.yaml", line: 3 }, message: "ok", expected: "::error file=guests/a.yaml,line=3::ok" },
    { desc: "percent and line breaks in the message", props: {}, message: "50% off\r\nnext", expected: "::error::50%25 off%0D%0Anext" },
    { desc: "commas and colons in a property", props: { file: "guests/a,b:c.yaml" }, message: "m", expected: "::error file=guests/a%2Cb%3Ac.yaml::m" },
    { desc: "an escape character from a display name", props: { title: "x" }, message: "Ana \u001b[31mred", expected: "::error title=x::Ana \\u001b[31mred" },
    { desc: "a bidi override", props: {}, message: "abc\u202edef", expected: "::error::abc\\u202edef" },
  ])("$desc", ({ props, message, expected }) => {
    expect(workflowCommand("error", props, message)).toBe(expected);
  });
});
