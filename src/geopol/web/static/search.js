// The header search: an ARIA combobox suggesting actors from api/actors?q= as the user types.
// Choosing one actor opens its profile; choosing a second one opens the dyad of the two.
// The chosen actors show as chips; removing one goes back to the other (or to the overview).

import {api} from "./api.js";
import {h} from "./dom.js";
import {num} from "./format.js";
import {go} from "./router.js";

export const labels = new Map(); // party -> readable label, filled from every answer that has one

export function labelOf(party) {
  return labels.get(party) || party;
}

export function setupSearch() {
  const input = document.getElementById("search");
  const list = document.getElementById("suggestions");
  const chipList = document.getElementById("chips");
  let chosen = []; // the parties of the current view (0, 1 or 2)
  let items = [];
  let active = -1;
  let timer = null;
  let seq = 0;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(i) {
    active = i;
    [...list.children].forEach((li, k) => li.setAttribute("aria-selected", k === i ? "true" : "false"));
    if (i >= 0 && list.children[i]) {
      input.setAttribute("aria-activedescendant", list.children[i].id);
      list.children[i].scrollIntoView({block: "nearest"});
    } else input.removeAttribute("aria-activedescendant");
  }

  function choose(item) {
    close();
    input.value = "";
    if (item.kind === "text") {
      go("search", item.q);
      return;
    }
    if (item.kind === "dyad") {
      go("dyad", `${item.a},${item.b}`);
      return;
    }
    labels.set(item.party, item.label || item.party);
    // one actor chosen before: the dyad of the two; otherwise this actor's profile
    if (chosen.length === 1 && chosen[0] !== item.party) go("dyad", `${chosen[0]},${item.party}`);
    else go("actor", item.party);
    input.focus();
  }

  function render(q) {
    list.replaceChildren();
    items.forEach((item, i) => {
      const li = h("li", {id: `suggestion-${i}`, role: "option", "aria-selected": "false", class: "suggestion"});
      if (item.kind === "text") {
        li.append(h("span", {class: "s-label"}, `Search the texts for “${item.q}”`), h("span", {class: "s-count"}, "events and claims"));
      } else if (item.kind === "dyad") {
        li.append(h("span", {class: "s-label"}, `Dyad ${item.a} – ${item.b}`), h("span", {class: "s-count"}, "two ISO-3 codes"));
      } else {
        li.append(
          h("span", {class: "s-label"}, item.label || item.party),
          item.party !== item.label ? h("code", {class: "s-party"}, item.party) : null,
          item.matched ? h("span", {class: "s-matched"}, `matched “${item.matched}”`) : null,
          h("span", {class: "s-count"}, `${item.kind || ""}${item.kind ? " · " : ""}${num(item.events)} events`));
      }
      // mousedown, not click: a click would first blur the input and close the list
      li.addEventListener("mousedown", (ev) => {
        ev.preventDefault();
        choose(item);
      });
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
    highlight(items.length && q ? 0 : -1);
  }

  // Fetch and show the suggestions for the input; true when they are the latest ones.
  async function suggest() {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) {
      items = [];
      render(q);
      return false;
    }
    let page;
    try {
      page = await api("actors", {q, limit: 8});
    } catch (err) {
      if (mine !== seq) return false;
      items = [];
      list.replaceChildren(h("li", {class: "suggestion error-item", role: "option", "aria-disabled": "true"}, err.message));
      list.hidden = false;
      return false;
    }
    if (mine !== seq) return false; // an older answer arriving late
    const found = (Array.isArray(page.items) ? page.items : []).filter((a) => a && a.party);
    for (const a of found) if (a.label) labels.set(a.party, a.label);
    // "CHN RUS" (two ISO-3 codes): offer their dyad first
    const pair = /^([A-Za-z]{3})[\s,/–-]+([A-Za-z]{3})$/.exec(q);
    const dyad = pair && pair[1].toUpperCase() !== pair[2].toUpperCase()
      ? [{kind: "dyad", a: pair[1].toUpperCase(), b: pair[2].toUpperCase()}] : [];
    items = [...dyad, ...found, {kind: "text", q}];
    render(q);
    return true;
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 120);
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" && items.length) {
      ev.preventDefault();
      if (list.hidden) render(input.value.trim());
      highlight((active + 1) % items.length);
    } else if (ev.key === "ArrowUp" && items.length) {
      ev.preventDefault();
      highlight(active <= 0 ? items.length - 1 : active - 1);
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      if (!list.hidden && active >= 0 && items[active]) choose(items[active]);
      else if (input.value.trim()) {
        // Enter before the suggestions came: take the best one as soon as it comes
        clearTimeout(timer);
        suggest().then((fresh) => {
          if (fresh && items.length) choose(items[0]);
        });
      }
    } else if (ev.key === "Escape") {
      close();
    } else if (ev.key === "Backspace" && !input.value && chosen.length) {
      removeChip(chosen.length - 1);
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 100));

  function removeChip(i) {
    const rest = chosen.filter((_, k) => k !== i);
    if (rest.length) go("actor", rest[0]);
    else go("network");
  }

  /** Show the actors of the current view as chips (called on every navigation). */
  function setChosen(parties) {
    chosen = parties.filter(Boolean).slice(0, 2);
    chipList.replaceChildren(...chosen.map((party, i) => {
      const remove = h("button", {type: "button", class: "chip-remove", "aria-label": `Remove ${labelOf(party)}`}, "×");
      remove.addEventListener("click", () => removeChip(i));
      return h("li", {class: "chip"}, h("span", {}, labelOf(party)), remove);
    }));
    input.placeholder = chosen.length === 1 ? `Add a second actor to see its dyad with ${labelOf(chosen[0])}…`
      : chosen.length === 2 ? "Search another actor…" : "Search an actor: China, CHN, Putin…";
  }

  return {setChosen};
}
