# Install rules and the Debian package (CPack DEB), included from the top CMakeLists.txt.
#
# `make deb` builds the product and the man page, then runs cpack: build/packprod_<v>_<arch>.deb
# (stripped binary) and build/packprod-dbgsym_<v>_<arch>.ddeb (its debug symbols).
# `cmake --install build/release --prefix /usr/local` installs the same files by hand.

include(GNUInstallDirs)

install(TARGETS packprod RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/web/dist/ DESTINATION ${CMAKE_INSTALL_DATADIR}/packprod/web
        OPTIONAL)
install(FILES ${CMAKE_SOURCE_DIR}/deploy/systemd/packprod.service
              ${CMAKE_SOURCE_DIR}/deploy/systemd/packprod-stream.service
        DESTINATION lib/systemd/system)
install(FILES ${CMAKE_SOURCE_DIR}/deploy/packprod.conf DESTINATION /etc/packprod)
install(FILES ${CMAKE_SOURCE_DIR}/deploy/nginx/packprod.conf
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/packprod/examples RENAME nginx-packprod.conf
        OPTIONAL)

# The man page, from --help-all (help2man). Built by `make deb` (target `man`).
find_program(HELP2MAN help2man)
set(PACKPROD_MAN ${CMAKE_BINARY_DIR}/man/packprod.1.gz)
if(HELP2MAN)
  add_custom_command(
    OUTPUT ${PACKPROD_MAN}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
    COMMAND ${HELP2MAN} --no-info --help-option=--help-all --version-string=${PROJECT_VERSION}
            --name "web orders in, customer metrics and sales reports out"
            --section 1 --output ${CMAKE_BINARY_DIR}/man/packprod.1 $<TARGET_FILE:packprod>
    COMMAND gzip -9nf ${CMAKE_BINARY_DIR}/man/packprod.1
    DEPENDS packprod
    COMMENT "man page packprod.1 (help2man)")
  add_custom_target(man DEPENDS ${PACKPROD_MAN})
endif()
install(FILES ${PACKPROD_MAN} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 OPTIONAL)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME packprod)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_CONTACT "packprod maintainers <packprod@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "web orders in, customer metrics and sales reports out (API, dashboard, stream processor)")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, tzdata")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "nginx-light | nginx, sqlite3, postgresql-client")
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
# Not CPACK_STRIP_FILES: the debuginfo step below strips, after copying the symbols out.
set(CPACK_STRIP_FILES OFF)
# The debug symbols in packprod-dbgsym_*.ddeb (objcopy --only-keep-debug + debuglink).
set(CPACK_DEBIAN_DEBUGINFO_PACKAGE ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_SOURCE_DIR}/packaging/debian/conffiles
    ${CMAKE_SOURCE_DIR}/packaging/debian/postinst
    ${CMAKE_SOURCE_DIR}/packaging/debian/prerm
    ${CMAKE_SOURCE_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
