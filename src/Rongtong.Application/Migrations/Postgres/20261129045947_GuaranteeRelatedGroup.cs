using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rongtong.Application.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class GuaranteeRelatedGroup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Guarantees_GuarantorId_RelatedGroup",
                table: "Guarantees",
                columns: new[] { "GuarantorId", "RelatedGroup" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Guarantees_GuarantorId_RelatedGroup",
                table: "Guarantees");
        }
    }
}
