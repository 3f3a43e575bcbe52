// Keeps the channel page's "Current run" up to date: polls the progress
// endpoint every two seconds and reloads the page when a run starts or
// ends, so the tables of runs and errors are fresh. Without JavaScript a
// running page refreshes itself (see the <noscript> in channel_show.html).
(() => {
  const box = document.querySelector("[data-progress-url]");
  if (!box) return;
  const url = box.getAttribute("data-progress-url");
  const running = box.getAttribute("data-running") === "true";
  const runID = Number(box.getAttribute("data-run-id"));
  const text = box.querySelector("[data-progress-text]");
  const tick = async () => {
    let p;
    try {
      const res = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
      if (!res.ok) return;
      p = await res.json();
    } catch {
      return; // the next tick tries again
    }
    if (p.running !== running || (p.running && p.run_id !== runID)) {
      window.location.reload();
      return;
    }
    text.textContent = p.text;
    const bar = box.querySelector("progress");
    if (bar && p.total > 0) {
      bar.max = p.total;
      bar.value = p.fetched;
    }
  };
  setInterval(tick, 2000);
})();
