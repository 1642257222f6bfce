"""The dossier signed and checked (Nghị định 30/2020, Điều 5, Phụ lục I): who must sign which file, where
the signature and the seal go on the page, a signer behind one interface (a PKCS#11 token here; VGCA's
desktop service through the portal; a remote service later), and the verification of a signed PDF where
it arrives. The only package that uses pyHanko."""
