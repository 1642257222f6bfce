// The "Ký số bằng token" buttons of the signing page: ask the portal for two one-time links (fetch the PDF,
// post it back signed), then hand them to VGCA's desktop signing service through its page script
// (vgcaplugin.js, the office's own copy). Without that script, say so in Vietnamese.
"use strict";
(function () {
  var csrf = document.getElementById("ky-so").getAttribute("data-csrf");
  var missing = "Máy này chưa có công cụ ký số của Ban Cơ yếu Chính phủ (VGCA Sign Service), hoặc trang chưa " +
    "nạp được tệp vgcaplugin.js: hãy cài công cụ ký số, hoặc ký bằng phần mềm trên máy rồi tải bản đã ký lên.";
  document.querySelectorAll("button[data-lien-ket]").forEach(function (button) {
    button.addEventListener("click", function () {
      var note = button.parentElement.querySelector(".ky-so-ket-qua");
      if (typeof window.vgca_sign_approved !== "function") {
        note.textContent = missing;
        return;
      }
      note.textContent = "Đang chuyển văn bản cho công cụ ký số…";
      fetch(button.getAttribute("data-lien-ket"), {
        method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf }
      }).then(function (response) {
        if (!response.ok) { throw new Error("mã " + response.status); }
        return response.json();
      }).then(function (links) {
        window.vgca_sign_approved(JSON.stringify(links), function (answer) {
          var result = {};
          try { result = JSON.parse(answer); } catch (e) { result = {}; }
          note.textContent = result.Message || "Công cụ ký số đã trả lời; trang được tải lại.";
          window.setTimeout(function () { window.location.reload(); }, 1500);
        });
      }).catch(function (error) {
        note.textContent = "Không tạo được đường dẫn ký số (" + error.message + "); hãy tải lại trang rồi thử lại.";
      });
    });
  });
})();
