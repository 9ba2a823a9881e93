// Renders the TeX of `.pa-math` elements (maths in titles and abstracts) with KaTeX, which is
// fetched only by pages that have maths. Until then, and without scripts, the TeX shows as text.
(() => {
  const spans = document.querySelectorAll(".pa-math");
  if (!spans.length) return;
  const base = new URL("../katex/", document.currentScript.src).href;
  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = base + "katex.min.css";
  document.head.append(style);
  const script = document.createElement("script");
  script.src = base + "katex.min.js";
  script.onload = () => {
    for (const span of spans) {
      // KaTeX keeps the TeX in the MathML it writes, so copying and screen readers still work.
      // Displayed maths (`$$…$$`, `\[…\]`, `\begin{equation}`) in KaTeX's display mode.
      const displayMode = span.classList.contains("pa-math--display");
      window.katex.render(span.textContent, span, {
        throwOnError: false,
        output: "htmlAndMathml",
        displayMode,
      });
      span.classList.add("pa-math--rendered");
    }
  };
  document.head.append(script);
})();
