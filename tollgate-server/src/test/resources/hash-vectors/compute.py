# How the vectors in vectors.jsonl were computed, by implementations independent of Bouncy Castle:
# Python's hashlib (PBKDF2, scrypt, digests), the reference Argon2 C library (libargon2, through
# ctypes) and OpenSSL (AES-256-CTR, for Firebase's scrypt). Run: python3 compute.py > vectors.jsonl
# Published vectors reproduced here: RFC 6070 (PBKDF2-HMAC-SHA1), RFC 7914 section 12 (scrypt),
# the Argon2 reference test suite (argon2i, "password"/"somesalt") and Firebase's documented
# scrypt example ("user1password").
import base64, ctypes, hashlib, json, subprocess

b64 = lambda b: base64.b64encode(b).decode().rstrip("=")
out = lambda fmt, password, hash, source: print(json.dumps({"format": fmt, "password": password, "hash": hash, "source": source}))

lib = ctypes.CDLL("libargon2.so.1")
lib.argon2_hash.argtypes = [ctypes.c_uint32] * 3 + [ctypes.c_void_p, ctypes.c_size_t] * 3 + [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int]
def argon2(t, m, p, pwd, salt, length, kind, version):
    enc, raw = ctypes.create_string_buffer(512), ctypes.create_string_buffer(length)
    assert lib.argon2_hash(t, m, p, pwd, len(pwd), salt, len(salt), raw, length, enc, 512, kind, version) == 0
    return enc.value.decode()

out("argon2i", "password", argon2(2, 256, 1, b"password", b"somesalt", 32, 1, 0x13), "Argon2 reference test vector (libargon2)")
out("argon2i", "argon2i-password", argon2(3, 64, 2, b"argon2i-password", b"tollgate-salt-01", 32, 1, 0x13), "libargon2")
out("argon2d", "argon2d-password", argon2(3, 64, 2, b"argon2d-password", b"tollgate-salt-02", 32, 0, 0x13), "libargon2")
out("argon2id v=16", "argon2id-v16-password", argon2(2, 128, 1, b"argon2id-v16-password", b"tollgate-salt-03", 32, 2, 0x10), "libargon2")
out("argon2id 64-byte", "argon2id-long-password", argon2(2, 512, 1, b"argon2id-long-password", b"tollgate-salt-05", 64, 2, 0x13), "libargon2")

rfc6070 = hashlib.pbkdf2_hmac("sha1", b"password", b"salt", 4096, 20)
assert rfc6070.hex() == "4b007901b765489abead49d926f721d065a429c1"
out("pbkdf2-sha1 PHC", "password", "$pbkdf2-sha1$i=4096,l=20$" + b64(b"salt") + "$" + b64(rfc6070), "RFC 6070 vector, hashlib")
out("pbkdf2-sha256 PHC", "phc-pbkdf2-password", "$pbkdf2-sha256$i=1500,l=32$" + b64(b"phc-salt-0001") + "$"
    + b64(hashlib.pbkdf2_hmac("sha256", b"phc-pbkdf2-password", b"phc-salt-0001", 1500, 32)), "hashlib")
out("pbkdf2-sha512 PHC", "auth0-pbkdf2-password", "$pbkdf2-sha512$i=1200,l=64$" + b64(b"auth0-salt-01") + "$"
    + b64(hashlib.pbkdf2_hmac("sha512", b"auth0-pbkdf2-password", b"auth0-salt-01", 1200, 64)), "hashlib")
ab64 = lambda b: b64(b).replace("+", ".")
out("pbkdf2-sha256 passlib", "passlib-password", "$pbkdf2-sha256$1700$" + ab64(b"passlib-salt-01") + "$"
    + ab64(hashlib.pbkdf2_hmac("sha256", b"passlib-password", b"passlib-salt-01", 1700, 32)), "hashlib")
out("django pbkdf2_sha256", "django-password", "pbkdf2_sha256$1800$seasalt2$"
    + base64.b64encode(hashlib.pbkdf2_hmac("sha256", b"django-password", b"seasalt2", 1800, 32)).decode(), "hashlib")
out("django pbkdf2_sha1", "django-sha1-password", "pbkdf2_sha1$1900$pepper01$"
    + base64.b64encode(hashlib.pbkdf2_hmac("sha1", b"django-sha1-password", b"pepper01", 1900, 20)).decode(), "hashlib")

rfc7914 = hashlib.scrypt(b"password", salt=b"NaCl", n=1024, r=8, p=16, dklen=64)
assert rfc7914.hex().startswith("fdbabe1c9d3472007856e7190d01e9fe")
out("scrypt PHC", "password", "$scrypt$ln=10,r=8,p=16$" + b64(b"NaCl") + "$" + b64(rfc7914), "RFC 7914 vector, hashlib")
out("scrypt PHC", "scrypt-password", "$scrypt$ln=12,r=8,p=1$" + b64(b"scrypt-salt-0001") + "$"
    + b64(hashlib.scrypt(b"scrypt-password", salt=b"scrypt-salt-0001", n=4096, r=8, p=1, dklen=32)), "hashlib")

signer = base64.b64decode("jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==")
separator, salt = base64.b64decode("Bw=="), base64.b64decode("42xEC+ixf3L2lw==")
key = hashlib.scrypt(b"user1password", salt=salt + separator, n=2 ** 14, r=8, p=1, dklen=64, maxmem=2 ** 26)[:32]
firebase = subprocess.run(["openssl", "enc", "-aes-256-ctr", "-K", key.hex(), "-iv", "00" * 16, "-nosalt"],
                          input=signer, capture_output=True, check=True).stdout
assert base64.b64encode(firebase).decode().startswith("lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SA")
out("firebase scrypt", "user1password", "$firebase-scrypt$ln=14,r=8,p=1$" + b64(signer) + "$" + b64(separator) + "$"
    + b64(salt) + "$" + b64(firebase), "Firebase's documented example, hashlib and openssl")
# bcrypt, by libxcrypt: perl -e 'print crypt("erin-password", q($2b$04$) . "abcdefghijklmnopqrstuu")'
