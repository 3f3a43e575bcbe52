// Shows only the fields of the chosen type of store and, for Magento 2,
// the credential fields of the chosen sign-in on the channel form.
// Without JavaScript every field shows, under headings saying which type
// of store it is for.
(() => {
  const showChosen = (radioName, attr) => {
    const radios = document.querySelectorAll(`input[name="${radioName}"]`);
    const parts = document.querySelectorAll(`[${attr}]`);
    if (radios.length === 0) return;
    const show = () => {
      const chosen = document.querySelector(`input[name="${radioName}"]:checked`);
      parts.forEach((p) => {
        p.hidden = chosen !== null && !p.getAttribute(attr).split(" ").includes(chosen.value);
      });
    };
    radios.forEach((r) => r.addEventListener("change", show));
    show();
  };
  showChosen("type", "data-channel-type");
  showChosen("auth_kind", "data-auth-kinds");
})();
