// Enum pair editor: a click on a value of each side pairs them at once. The radios belong to
// #pair-form, whose submit htmx sends; without this script the Pair button does the same.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!input.matches("input[data-pair-pick]") || !input.form) return;
  const fields = input.form.elements;
  if (fields.left_value && fields.right_value && fields.left_value.value && fields.right_value.value) {
    input.form.requestSubmit();
  }
});
