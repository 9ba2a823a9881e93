// Renders the TeX of `.pa-math` elements (maths in titles and abstracts) with KaTeX, which is
// fetched only by pages that have maths. Until then, and without scripts, the TeX shows as text.
// With Material's instant navigation (`navigation.instant`) a page change swaps the content
// without running scripts again: Material's `document$` observable announces each new page.
(() => {
  const base = new URL("../katex/", document.currentScript.src).href;
  let katex = null; // a promise of KaTeX, once a page needs it

  function load() {
    if (!katex) {
      katex = new Promise((resolve, reject) => {
        const style = document.createElement("link");
        style.rel = "stylesheet";
        style.href = base + "katex.min.css";
        document.head.append(style);
        const script = document.createElement("script");
        script.src = base + "katex.min.js";
        script.onload = () => resolve(window.katex);
        script.onerror = reject;
        document.head.append(script);
      });
    }
    return katex;
  }

  function render() {
    const spans = document.querySelectorAll(".pa-math:not(.pa-math--rendered)");
    if (!spans.length) return;
    load().then((tex) => {
      for (const span of spans) {
        if (!span.isConnected || span.classList.contains("pa-math--rendered")) continue;
        // KaTeX keeps the TeX in the MathML it writes, so copying and screen readers still work.
        // Displayed maths (`$$…$$`, `\[…\]`, `\begin{equation}`) in KaTeX's display mode.
        const displayMode = span.classList.contains("pa-math--display");
        tex.render(span.textContent, span, {
          throwOnError: false,
          output: "htmlAndMathml",
          displayMode,
        });
        span.classList.add("pa-math--rendered");
      }
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(render); // the first page, then each instant page change
  } else {
    render();
  }
})();
