// "Copy link": without JavaScript it is a link to the page; with it, it copies the
// address and says so in a live region.
document.addEventListener("click", async (event) => {
  const link = event.target.closest("[data-copy-link]");
  if (!link || !navigator.clipboard) return;
  event.preventDefault();
  const status = link.closest(".share").querySelector("[data-copy-status]");
  try {
    await navigator.clipboard.writeText(link.href);
    status.textContent = link.dataset.copied;
  } catch {
    status.textContent = link.dataset.copyFailed;
  }
});
