using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rongtong.Application.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BatchAgreementIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Guarantees_BatchAgreementId",
                table: "Guarantees",
                column: "BatchAgreementId",
                filter: "\"BatchAgreementId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Guarantees_BatchAgreementId",
                table: "Guarantees");
        }
    }
}
