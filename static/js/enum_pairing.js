// Enum pair editor: a click on a value of each side pairs them at once. The radios belong to
// #pair-form, whose submit htmx sends; without this script the Pair button does the same.
// Only pointer picks submit: arrow keys move through a radio group (each move is a change),
// so keyboard users pick both values and then press Pair.
let pickedByPointer = false;
document.addEventListener("pointerdown", () => { pickedByPointer = true; }, true);
document.addEventListener("keydown", () => { pickedByPointer = false; }, true);
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!pickedByPointer || !input.matches("input[data-pair-pick]") || !input.form) return;
  const fields = input.form.elements;
  if (fields.left_value && fields.right_value && fields.left_value.value && fields.right_value.value) {
    input.form.requestSubmit();
  }
});
