// vitrine desk: what JavaScript adds to the plain forms. Everything works
// without it; this copies to the clipboard, saves a switch the moment it
// changes, and shows the progress of a publish.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // "Link kopieren": copy the text of the field the button names.
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.addEventListener("click", async () => {
      const field = document.getElementById(button.dataset.copy);
      field.select();
      try {
        await navigator.clipboard.writeText(field.value);
      } catch {
        document.execCommand("copy"); // clipboard API refused (e.g. plain http on the network)
      }
      const text = button.textContent;
      button.textContent = button.dataset.done;
      setTimeout(() => { button.textContent = text; }, 1500);
    });
  }

  // Switches save at once; the card's "Speichern" stays for keyboards.
  for (const form of document.querySelectorAll("form[data-instant]")) {
    const status = form.querySelector(".saved");
    form.addEventListener("change", async () => {
      const response = await fetch(form.action, {
        method: "POST", body: new FormData(form), headers: { Accept: "application/json" },
      });
      if (response.ok && (await response.json()).done) {
        status.textContent = status.dataset.text;
        markUnpublished(form.closest("[data-project]"));
      } else {
        form.submit(); // let the desk's page say what went wrong
      }
    });
  }

  // "Veröffentlichen": the POST runs the publish; meanwhile the status
  // endpoint feeds the progress bar.
  const publish = document.querySelector("form[data-publish]");
  if (publish) {
    publish.addEventListener("submit", async (event) => {
      event.preventDefault();
      const bar = publish.querySelector("progress");
      const text = publish.querySelector(".progress-text");
      publish.querySelector("button").disabled = true;
      bar.hidden = false;
      const poll = setInterval(async () => {
        const s = await (await fetch("/publish/status")).json();
        bar.max = Math.max(1, s.bytes || s.objects);
        bar.value = s.bytes ? s.bytesDone : s.objectsDone;
        text.textContent = `${s.objectsDone}/${s.objects} · ${Math.round(s.bytesDone / 1024)}/${Math.round(s.bytes / 1024)} KiB`;
      }, 300);
      try {
        const response = await fetch(publish.action, { method: "POST", body: new FormData(publish) });
        location.href = response.url;
      } finally {
        clearInterval(poll);
      }
    });
  }
});

// markUnpublished shows a project's "noch nicht veröffentlicht" badge
// after a change, as a reload would.
function markUnpublished(project) {
  const heading = project && project.querySelector("h2");
  if (!heading || heading.querySelector("[data-unpublished]")) {
    return;
  }
  const badge = document.createElement("span");
  badge.className = "badge";
  badge.dataset.unpublished = "";
  badge.textContent = project.dataset.unpublishedText;
  heading.append(" ", badge);
}
