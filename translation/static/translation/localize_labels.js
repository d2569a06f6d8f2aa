// wagtail-localize 1.14.5 writes two labels of its translation editor straight into its script,
// without gettext: the heading "<source> to <target> translation" and the screen-reader text
// "More actions". This enhancement puts them through the admin's own JavaScript catalogue
// (locale/upstream/ja/LC_MESSAGES/djangojs.po), so a Japanese admin reads them in Japanese.
// Without it the labels stay in English; nothing else depends on it. See docs/upstream.md.
(() => {
  if (typeof window.gettext !== "function" || typeof window.interpolate !== "function") {
    return;
  }
  const heading = /^(.+) to (.+) translation$/;
  const translateText = (node) => {
    const text = node.data.trim();
    const match = heading.exec(text);
    if (match) {
      node.data = window.interpolate(window.gettext("%s to %s translation"), [match[1], match[2]]);
    } else if (text === "More actions") {
      node.data = window.gettext("More actions");
    }
  };
  const walk = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      translateText(node);
    }
  };
  const start = () => {
    const editor = document.querySelector("[data-translation-editor], .translation-editor, main");
    if (!editor) {
      return;
    }
    walk(editor);
    new MutationObserver((records) => {
      for (const record of records) {
        for (const added of record.addedNodes) {
          if (added.nodeType === Node.TEXT_NODE) {
            translateText(added);
          } else if (added.nodeType === Node.ELEMENT_NODE) {
            walk(added);
          }
        }
        if (record.type === "characterData") {
          translateText(record.target);
        }
      }
    }).observe(editor, { childList: true, subtree: true, characterData: true });
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
