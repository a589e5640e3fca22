// Field mapping workspace: the keyboard on a row being edited, and focus after a row swap.
// Without this script every piece still works: Edit opens the page with the row as a form,
// Save posts it, Cancel is a link back.
//
// In a row's form, Enter saves (also from a select or a checkbox, where the browser would not
// submit) and Escape cancels. After htmx swaps a row, focus goes back to that row: the first
// input of a form row, else the row's Edit (or Undo) button, so Tab continues from there.
document.addEventListener("keydown", (event) => {
  const form = event.target.closest && event.target.closest("form.fm-edit");
  if (!form) return;
  if (event.key === "Escape") {
    const cancel = form.querySelector("[data-cancel]");
    if (cancel) {
      event.preventDefault();
      cancel.click();
    }
  } else if (event.key === "Enter" && !event.target.matches("button, a, textarea")) {
    event.preventDefault();
    form.requestSubmit();
  }
});

// Each settle names the element it swapped: other swaps (the live findings refreshing after a
// save) may settle in between, so the row is read from the event, never kept across events.
document.addEventListener("htmx:afterSettle", (event) => {
  const target = event.detail.target;
  if (!target || !target.matches || !target.matches("tr.fm-row") || !target.id) return;
  const row = document.getElementById(target.id);
  if (!row) return;
  const into = row.classList.contains("fm-editing")
    ? row.querySelector("form.fm-edit select, form.fm-edit input:not([type=hidden])")
    : row.querySelector("[data-edit], button");
  (into || row).focus();
});
