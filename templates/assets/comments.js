// Click to load comments. A comments block names its provider's embed script in
// data-comments-script; nothing is fetched from the provider (no request, no cookie, no script)
// until the reader presses the block's button. Then the embed script is added in place, with
// the block's other data-* attributes, which are the provider's settings. Without JavaScript the
// button stays hidden and the block's link to the discussion is what remains.
for (const embed of document.querySelectorAll('[data-comments-script]')) {
  const button = embed.querySelector('button[data-comments-load]');
  if (!button) continue;
  button.hidden = false;
  button.addEventListener('click', () => {
    const script = document.createElement('script');
    for (const { name, value } of embed.attributes) {
      if (name.startsWith('data-') && name !== 'data-comments-script') script.setAttribute(name, value);
    }
    script.src = embed.getAttribute('data-comments-script');
    script.async = true;
    script.crossOrigin = 'anonymous';
    // The button goes; focus moves to where the comments appear instead of to the page's top.
    embed.tabIndex = -1;
    embed.focus();
    button.replaceWith(script);
  });
}
