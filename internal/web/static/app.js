// magecrm's small progressive enhancements. Every page works without them.
document.addEventListener("submit", (e) => {
  const msg = e.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) e.preventDefault();
});

// Customer pages: a select with data-controls="a b" shows only the options
// of the selects a and b whose data-channel matches its value (without
// scripts the form offers a button that reloads it for the channel).
document.querySelectorAll("select[data-controls]").forEach((sel) => {
  const deps = sel.getAttribute("data-controls").split(" ").map((id) => document.getElementById(id)).filter(Boolean);
  const follow = (reset) => {
    deps.forEach((dep) => {
      dep.querySelectorAll("option[data-channel]").forEach((o) => {
        const other = o.getAttribute("data-channel") !== sel.value;
        o.hidden = other;
        o.disabled = other;
        if (other && o.selected && reset) dep.value = "";
      });
    });
  };
  sel.addEventListener("change", () => follow(true));
  follow(false);
});
document.querySelectorAll(".js-hide").forEach((el) => { el.hidden = true; });
document.querySelectorAll("select[data-autosubmit]").forEach((sel) => {
  sel.addEventListener("change", () => sel.form.submit());
});
// Address forms: the region field suggests the chosen country's regions.
document.querySelectorAll("select.country").forEach((sel) => {
  sel.addEventListener("change", () => {
    const region = document.getElementById(sel.getAttribute("data-region"));
    if (!region) return;
    if (document.getElementById("regions-" + sel.value)) region.setAttribute("list", "regions-" + sel.value);
    else region.removeAttribute("list");
  });
});
// Searchable pickers: typing in input[data-picker] asks data-source for
// matching records and offers them in the select named by data-picker,
// keeping the current choice.
document.querySelectorAll("input[data-picker]").forEach((input) => {
  const sel = document.getElementById(input.getAttribute("data-picker"));
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const source = new URL(input.getAttribute("data-source"), location.href);
      source.searchParams.set("q", input.value);
      const resp = await fetch(source, { credentials: "same-origin" });
      if (!resp.ok) return;
      const items = await resp.json();
      const keep = sel.value;
      [...sel.options].forEach((o) => { if (o.value !== "" && o.value !== keep) o.remove(); });
      items.forEach((it) => {
        if (String(it.id) === keep) return;
        const o = document.createElement("option");
        o.value = it.id;
        o.textContent = it.label;
        sel.appendChild(o);
      });
    }, 250);
  });
});
// Customers grid: one box ticks every row of the page for a mass action.
document.querySelectorAll("#select-page").forEach((all) => {
  all.hidden = false;
  all.addEventListener("change", () => {
    document.querySelectorAll('#customers input[name="id"]').forEach((box) => { box.checked = all.checked; });
  });
});
// Menus: the button says whether its menu is open, for screen readers.
document.querySelectorAll(".menu").forEach((menu) => {
  const button = menu.querySelector(".menu-label");
  const sync = () => button.setAttribute("aria-expanded", String(menu.matches(":hover, :focus-within")));
  ["focusin", "focusout", "mouseenter", "mouseleave"].forEach((ev) => menu.addEventListener(ev, () => setTimeout(sync)));
});
