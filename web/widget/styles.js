// The widget's look, adopted into each shadow root as constructed stylesheets: the host
// page's CSP needs no 'unsafe-inline' for them, and no host rule reaches inside. This is
// the loader's (themes, the badge); notices.js and frame.js bring their own with them. `all: initial`
// on the root and px units (not em/rem) keep inherited host styles (a 40px font, red text)
// out as well. Colours meet WCAG AA on their background in both themes.

const light = '--bg:#fff;--fg:#1b1f24;--link:#0b57d0;--line:#aab1bb;' +
  '--none:#1a7f37;--minor:#b7791f;--major:#d9480f;--critical:#c92a2a;--maintenance:#1c64f2';
const dark = '--bg:#1b1f24;--fg:#f3f4f6;--link:#9ec1ff;--line:#5b6472;' +
  '--none:#3fb950;--minor:#e3b341;--major:#f0883e;--critical:#f85149;--maintenance:#79a8ff';

export const css = `
.root{all:initial;display:block;${light};font:14px/1.4 system-ui,sans-serif;color:var(--fg);--ind:var(--none)}
.root.dark{${dark}}
@media (prefers-color-scheme:dark){.root.auto{${dark}}}
.minor{--ind:var(--minor)}.major{--ind:var(--major)}.critical{--ind:var(--critical)}.maintenance{--ind:var(--maintenance)}.loading{--ind:var(--line)}
:focus-visible{outline:2px solid var(--link);outline-offset:2px}
.dot{flex:none;width:10px;height:10px;border-radius:50%;background:var(--ind)}
.root.badge{display:inline-block;vertical-align:middle}
a.badge{display:inline-flex;align-items:center;gap:8px;box-sizing:border-box;height:28px;min-width:200px;padding:0 12px;
border:1px solid var(--line);border-radius:14px;background:var(--bg);color:var(--fg);font-weight:500;font-size:13px;text-decoration:none;white-space:nowrap}
`;
