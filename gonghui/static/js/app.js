// Behaviour shared by every page. No inline scripts anywhere: the CSP forbids them.
(function () {
  "use strict";

  // Destructive actions ask first: <form data-confirm="..."> or <a data-confirm="...">.
  function confirmThen(message, proceed) {
    const modalEl = document.getElementById("gh-confirm");
    if (!modalEl || !window.bootstrap) {
      if (window.confirm(message)) proceed();
      return;
    }
    modalEl.querySelector("[data-confirm-text]").textContent = message;
    const modal = bootstrap.Modal.getOrCreateInstance(modalEl);
    const ok = modalEl.querySelector("[data-confirm-ok]");
    const onOk = () => { ok.removeEventListener("click", onOk); modal.hide(); proceed(); };
    ok.addEventListener("click", onOk);
    modalEl.addEventListener("hidden.bs.modal", () => ok.removeEventListener("click", onOk), { once: true });
    modal.show();
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirm || form.dataset.confirmed) return;
    event.preventDefault();
    confirmThen(form.dataset.confirm, () => { form.dataset.confirmed = "1"; form.requestSubmit(); });
  }, true);

  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-confirm]");
    if (!link) return;
    event.preventDefault();
    confirmThen(link.dataset.confirm, () => { window.location.href = link.href; });
  });

  // Charts: <div data-chart="bar" data-chart-source="id-of-json-script">.
  function drawCharts(root) {
    if (!window.echarts) return;
    root.querySelectorAll("[data-chart]").forEach((el) => {
      if (el.dataset.chartDrawn) return;
      const source = document.getElementById(el.dataset.chartSource);
      if (!source) return;
      const data = JSON.parse(source.textContent);
      // A long list of names reads down the side (horizontal), and the chart grows with it.
      if (data.horizontal) el.style.height = `${Math.max(240, data.categories.length * 34 + 80)}px`;
      const narrow = el.clientWidth < 520;
      const category = { type: "category", data: data.categories, axisLabel: { interval: 0, rotate: !data.horizontal && narrow && data.categories.length > 4 ? 40 : 0, width: data.horizontal ? 96 : undefined, overflow: "truncate" } };
      const value = { type: "value", minInterval: 1 };
      if (data.horizontal) category.inverse = true;
      const chart = echarts.init(el);
      chart.setOption({
        animation: !document.documentElement.dataset.noAnimation,
        color: ["#c8102e", "#f59e0b", "#2563eb", "#10b981"],
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 10, right: 16, bottom: 10, top: 36, containLabel: true },
        xAxis: data.horizontal ? value : category,
        yAxis: data.horizontal ? category : value,
        series: data.series.map((s) => ({
          type: el.dataset.chart, name: s.name, data: s.data, barMaxWidth: 32,
          stack: data.stacked ? "total" : undefined,
          label: { show: true, position: data.stacked ? "inside" : (data.horizontal ? "right" : "top"), formatter: (p) => (p.value ? p.value : "") },
        })),
      });
      el.dataset.chartDrawn = "1";
      window.addEventListener("resize", () => chart.resize());
    });
  }

  function loadEchartsThen(fn) {
    if (window.echarts || !document.querySelector("[data-chart]")) return fn();
    const script = document.createElement("script");
    script.src = document.body.dataset.echartsSrc;
    script.onload = fn;
    document.head.appendChild(script);
  }

  // Phone cards (.gh-cards, see app.css): each cell labelled by its column's header.
  function labelCells(root) {
    root.querySelectorAll("table.gh-cards").forEach((table) => {
      const heads = Array.from(table.querySelectorAll("thead th")).map((th) => th.textContent.trim());
      table.querySelectorAll("tbody tr").forEach((tr) => {
        let column = 0;
        Array.from(tr.children).forEach((td) => {
          if (!td.hasAttribute("colspan") && !td.dataset.label) td.dataset.label = heads[column] || "";
          column += Number(td.getAttribute("colspan") || 1);
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", () => labelCells(document));

  // The sidebar is drawn once for everybody (see web/context_processors.py): mark here the
  // link of the page we are on, the longest one this page's address starts with.
  document.addEventListener("DOMContentLoaded", () => {
    const path = window.location.pathname;
    let best = null;
    document.querySelectorAll(".gh-nav a.nav-link").forEach((a) => {
      const href = a.getAttribute("href");
      if ((href === path || (href !== "/" && path.startsWith(href))) && (!best || href.length > best.getAttribute("href").length)) best = a;
    });
    if (best) { best.classList.add("active"); best.setAttribute("aria-current", "page"); }
  });
  document.addEventListener("htmx:afterSwap", (event) => labelCells(event.target));

  // <button data-print>: print the page (an inline onclick would break the CSP).
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-print]")) window.print();
  });

  // An approval ballot (data-max="K"): once K are ticked the rest wait, and the count shows.
  document.addEventListener("change", (event) => {
    const box = event.target.closest(".gh-approvals");
    if (!box) return;
    const max = Number(box.dataset.max);
    const ticked = box.querySelectorAll("input:checked").length;
    box.querySelectorAll("input:not(:checked)").forEach((input) => { input.disabled = ticked >= max; });
    const counter = box.parentElement.querySelector("[data-approval-count]");
    if (counter) counter.textContent = `已选 ${ticked} / ${max} 项`;
  });

  document.addEventListener("DOMContentLoaded", () => loadEchartsThen(() => drawCharts(document)));
  document.addEventListener("htmx:afterSwap", (event) => loadEchartsThen(() => drawCharts(event.target)));
})();
