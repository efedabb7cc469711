// The widget's look, adopted into each shadow root as one constructed stylesheet: the host
// page's CSP needs no 'unsafe-inline' for it, and no host rule reaches inside. `all: initial`
// on the root and px units (not em/rem) keep inherited host styles (a 40px font, red text)
// out as well. Colours meet WCAG AA on their background in both themes.

const light = '--bg:#fff;--fg:#1b1f24;--muted:#4b5563;--link:#0b57d0;--line:#aab1bb;' +
  '--none:#1a7f37;--minor:#b7791f;--major:#d9480f;--critical:#c92a2a;--maintenance:#1c64f2';
const dark = '--bg:#1b1f24;--fg:#f3f4f6;--muted:#c4c9d0;--link:#9ec1ff;--line:#5b6472;' +
  '--none:#3fb950;--minor:#e3b341;--major:#f0883e;--critical:#f85149;--maintenance:#79a8ff';

export const css = `
.root{all:initial;display:block;${light};font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);--ind:var(--none)}
.root.dark{${dark}}
@media (prefers-color-scheme:dark){.root.auto{${dark}}}
.minor{--ind:var(--minor)}.major{--ind:var(--major)}.critical{--ind:var(--critical)}.maintenance{--ind:var(--maintenance)}.loading{--ind:var(--line)}
[hidden]{display:none!important}
a{color:var(--link);text-decoration:underline}
:focus-visible{outline:2px solid var(--link);outline-offset:2px}
.dot{flex:none;width:10px;height:10px;border-radius:50%;background:var(--ind)}
.root.badge{display:inline-block;vertical-align:middle}
a.badge{display:inline-flex;align-items:center;gap:8px;box-sizing:border-box;height:28px;min-width:200px;padding:0 12px;
border:1px solid var(--line);border-radius:14px;background:var(--bg);color:var(--fg);font-weight:500;font-size:13px;text-decoration:none;white-space:nowrap}
a.badge:hover{text-decoration:underline}
.panel{box-sizing:border-box;background:var(--bg);border:1px solid var(--line);border-left:4px solid var(--candor-accent,var(--ind));padding:10px 12px}
.toast .panel{position:fixed;z-index:2147483000;width:360px;max-width:calc(100vw - 32px);border-radius:8px;box-shadow:0 6px 24px rgba(0,0,0,.25)}
.bottom-right .panel{right:16px;bottom:16px}.bottom-left .panel{left:16px;bottom:16px}
.top-right .panel{right:16px;top:16px}.top-left .panel{left:16px;top:16px}
.notice{display:flex;gap:10px;align-items:flex-start}
.notice+.notice{margin-top:8px;padding-top:8px;border-top:1px solid var(--line)}
.notice .dot{margin-top:5px}
.body{flex:1;min-width:0}
.body p{margin:2px 0 0}
.title{font-weight:600}
.meta{color:var(--muted)}
button{flex:none;box-sizing:border-box;width:28px;height:28px;margin:-4px -4px 0 0;padding:0;border:1px solid transparent;border-radius:4px;
background:transparent;color:var(--fg);font:20px/1 system-ui,sans-serif;cursor:pointer}
button:hover{border-color:var(--line)}
`;
