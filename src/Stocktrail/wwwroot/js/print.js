// The Print button of a printable page (the delivery note): the site's Content-Security-Policy allows no inline
// handler, so the button is wired here.
"use strict";
document.addEventListener("click", event => {
    if (event.target.closest("[data-print]")) window.print();
});
