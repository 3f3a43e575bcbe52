// Shows only the credential fields of the chosen sign-in on the channel
// form. Without JavaScript every field shows, each saying what it is for.
(() => {
  const kinds = document.querySelectorAll('input[name="auth_kind"]');
  const fields = document.querySelectorAll("[data-auth-kinds]");
  if (kinds.length === 0) return;
  const show = () => {
    const chosen = document.querySelector('input[name="auth_kind"]:checked');
    fields.forEach((f) => {
      f.hidden = chosen !== null && !f.getAttribute("data-auth-kinds").split(" ").includes(chosen.value);
    });
  };
  kinds.forEach((k) => k.addEventListener("change", show));
  show();
})();
